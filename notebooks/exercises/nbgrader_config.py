# nbgrader's course directory for the exercises: source/ holds the master notebooks (solutions and hidden
# tests marked); release/, submitted/, autograded/, feedback/ and gradebook.db are made here by nbgrader
# and ignored by git. Teacher's workflow and commands: docs/teaching.md.
c = get_config()  # noqa: F821 (nbgrader provides it)

c.CourseDirectory.course_id = "autograd-java"
c.CourseDirectory.root = __file__.rsplit("/", 1)[0]

# A solution region becomes this stub in the student version: the check cells turn the exception into
# "... is not implemented yet" (autograd.notebook.ScalarExercise), never a stack trace.
c.ClearSolutions.code_stub = {
    "java": '// YOUR CODE HERE\nthrow new UnsupportedOperationException("not implemented yet");',
    "python": "# YOUR CODE HERE\nraise NotImplementedError()",
}

# Java cells compile on first use and the step-3 check walks a graph of 300 000 nodes: be generous, but bounded.
c.Execute.timeout = 300
c.Execute.startup_timeout = 120
c.Execute.execute_retries = 1
