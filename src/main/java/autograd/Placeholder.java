package autograd;
class Placeholder {}
