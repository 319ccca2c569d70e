"""The exercise notebooks through the real nbgrader and the real kernel, as a teacher runs them.

In a throw-away copy of the course directory (notebooks/exercises): generate the student version,
then autograde three submissions in one `nbgrader autograde` run:

* "master": the teacher's notebook itself (solutions, hidden tests): full marks;
* "blank": the generated student version, untouched: no points for any implementation test, and every
  test cell says "not implemented yet", with no stack trace;
* "tanh-bug": the solutions with one planted bug (tanh's local derivative 1 − tanh instead of
  1 − tanh²): exactly the tests that depend on tanh lose their points, and the feedback names tanh.

No graded cell may write to stderr (nbgrader gives such a cell 0). Run with the project's venv
(./kernel-setup.sh test does): python -m unittest -v test_exercises   (from scripts/)
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "notebooks" / "exercises"
ASSIGNMENT = "build-autograd"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
VENV_BIN = Path(sys.executable).parent
TANH_TESTS = {"test_tanh", "test_backward_neuron"}
SOLUTION = re.compile(r"^[ \t]*// (BEGIN|END) SOLUTION[ \t]*\n", re.MULTILINE)
FRAME = re.compile(r"^\s*at [\w$.<>]+\(", re.MULTILINE)


def nbgrader(course, *args, timeout=1200):
    env = dict(os.environ, JUPYTER_PREFER_ENV_PATH="1",
               # nbgrader runs `alembic` (its database migrations) from PATH.
               PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    run = subprocess.run([str(VENV_BIN / "nbgrader"), *args], cwd=course, env=env,
                         capture_output=True, text=True, timeout=timeout)
    if run.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} exited {run.returncode}\n{run.stdout}\n{run.stderr}")
    return run


def with_solutions(student_nb, master_nb, tanh_bug=False):
    """The student version with every solution cell filled in from the master (markers removed)."""
    solutions = {c.metadata["nbgrader"]["grade_id"]: c.source for c in master_nb.cells
                 if c.metadata.get("nbgrader", {}).get("solution")}
    for cell in student_nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution"):
            source = SOLUTION.sub("", solutions[grade_id])
            if tanh_bug and grade_id == "pow_exp_tanh":
                assert "(1 - t * t)" in source, "the tanh solution changed: update the planted bug"
                source = source.replace("(1 - t * t)", "(1 - t)")
            cell.source = source
    return student_nb


class ExercisesThroughNbgrader(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.course = Path(tempfile.mkdtemp(prefix="nbgrader_course_"))
        shutil.copy2(COURSE / "nbgrader_config.py", cls.course / "nbgrader_config.py")
        shutil.copytree(COURSE / "source", cls.course / "source")
        nbgrader(cls.course, "generate_assignment", ASSIGNMENT, "--force")
        cls.master = nbformat.read(COURSE / "source" / ASSIGNMENT / NOTEBOOK, as_version=4)
        cls.student = nbformat.read(cls.course / "release" / ASSIGNMENT / NOTEBOOK, as_version=4)
        submissions = {
            "master": cls.master,
            "blank": cls.student,
            "tanh-bug": with_solutions(nbformat.read(cls.course / "release" / ASSIGNMENT / NOTEBOOK, as_version=4),
                                       cls.master, tanh_bug=True),
        }
        for student, nb in submissions.items():
            folder = cls.course / "submitted" / student / ASSIGNMENT
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / NOTEBOOK)
        nbgrader(cls.course, "autograde", ASSIGNMENT, "--create", "--force")
        nbgrader(cls.course, "generate_feedback", ASSIGNMENT, "--force")
        from nbgrader.api import Gradebook
        with Gradebook(f"sqlite:///{cls.course / 'gradebook.db'}") as gradebook:
            cls.scores = {}
            for student in submissions:
                notebook = gradebook.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student)
                cls.scores[student] = {g.name: (g.score, g.max_score) for g in notebook.grades}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.course, ignore_errors=True)

    def autograded(self, student):
        return nbformat.read(self.course / "autograded" / student / ASSIGNMENT / NOTEBOOK, as_version=4)

    def graded_cells(self, nb):
        return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]

    def test_student_version_has_stubs_and_no_solutions_or_hidden_tests(self):
        text = "\n".join(c.source for c in self.student.cells if c.cell_type == "code")
        for gone in ("BEGIN SOLUTION", "HIDDEN TESTS", "a.grad += b.data * out.grad", "(1 - t * t)",
                     "exercise.binary(\"mul\", (a, b) -> mul(a, b), Value::mul, -7.0, -0.125);"):
            self.assertNotIn(gone, text)
        self.assertEqual(8, text.count('throw new UnsupportedOperationException("not implemented yet");'), text)
        self.assertIn("// FILL IN HERE", text)

    def test_master_gets_full_marks(self):
        scores = self.scores["master"]
        self.assertEqual(9, len(scores), scores)
        self.assertEqual({name: (m, m) for name, (_, m) in scores.items()}, scores)
        self.assertEqual(13, sum(m for _, m in scores.values()))
        for cell in self.graded_cells(self.autograded("master")):
            self.assertEqual([], [o for o in cell.outputs if o.output_type == "error"], cell.source)

    def test_blank_student_version_gets_no_points_and_says_not_implemented(self):
        self.assertEqual({name: 0 for name in self.scores["blank"]},
                         {name: score for name, (score, _) in self.scores["blank"].items()})
        for cell in self.graded_cells(self.autograded("blank")):
            grade_id = cell.metadata["nbgrader"]["grade_id"]
            errors = [o for o in cell.outputs if o.output_type == "error"]
            self.assertEqual(1, len(errors), f"{grade_id}: {cell.outputs}")
            shown = "\n".join(errors[0].traceback)
            self.assertIn("is not implemented yet (it still throws UnsupportedOperationException)", shown, grade_id)
            self.assertIsNone(FRAME.search(re.sub(r"\x1b\[[0-9;]*m", "", shown)), f"{grade_id} shows stack frames:\n{shown}")

    def test_planted_tanh_bug_loses_exactly_the_tanh_tests(self):
        scores = self.scores["tanh-bug"]
        lost = {name for name, (score, max_score) in scores.items() if score != max_score}
        self.assertEqual(TANH_TESTS, lost, scores)
        self.assertTrue(all(scores[name][0] == 0 for name in TANH_TESTS), scores)
        feedback = (self.course / "feedback" / "tanh-bug" / ASSIGNMENT / NOTEBOOK.replace(".ipynb", ".html")).read_text()
        self.assertIn("tanh(0.5): with out.grad = 1.5, a.grad should be out.grad·(1 − tanh(a)²)", feedback)
        self.assertIn("backward through a tanh neuron is not done yet", feedback)

    def test_graded_cells_write_nothing_to_stderr(self):
        for student in self.scores:
            for cell in self.graded_cells(self.autograded(student)):
                stderr = [o for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
                self.assertEqual([], stderr, f"{student} {cell.metadata['nbgrader']['grade_id']}")


if __name__ == "__main__":
    unittest.main()
