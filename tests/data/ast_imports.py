"""Ground truth for the import scan: every import of every file under the given roots,
extracted with Python's own `ast`, with the statement context stdshadow reports.

Prints one JSON object a line: {"path", "imports": [[line, column, target, ctx...]]} or
{"path", "rejected": reason} for files `ast` cannot parse.
"""

import ast
import json
import os
import sys
import tokenize

CATCHES_IMPORT = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}


def handler_catches(handler):
    if handler.type is None:
        return True
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    for t in types:
        name = t.id if isinstance(t, ast.Name) else t.attr if isinstance(t, ast.Attribute) else None
        if name in CATCHES_IMPORT:
            return True
    return False


def is_type_checking(test):
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def is_dotted(s):
    return bool(s) and all(p.isidentifier() for p in s.split("."))


class Collector(ast.NodeVisitor):
    def __init__(self, lines):
        self.lines = lines
        self.stack = []  # context flags
        self.out = []

    def ctx(self):
        return {
            "in_function": "function" in self.stack,
            "type_checking": "type_checking" in self.stack,
            "guarded": "guarded" in self.stack,
        }

    def column(self, node, offset=None):
        line = self.lines[node.lineno - 1].encode("utf-8")
        offset = node.col_offset if offset is None else offset
        return len(line[:offset].decode("utf-8", "replace")) + 1

    def record(self, node, target, dynamic=False, offset=None):
        c = self.ctx()
        c["dynamic"] = dynamic
        self.out.append([node.lineno, self.column(node, offset), target, c])

    def visit_Import(self, node):
        for a in node.names:
            self.record(node, ["module", a.name, a.asname])

    def visit_ImportFrom(self, node):
        names = [[a.name, a.asname] for a in node.names]
        self.record(node, ["from", node.level, node.module, names])

    def visit_Call(self, node):
        f = node.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
        if name in ("__import__", "import_module") and node.args:
            a = node.args[0]
            if isinstance(a, ast.Constant) and isinstance(a.value, str) and is_dotted(a.value):
                # stdshadow points at the function's name: `import_module` in `x.import_module`.
                at = f.end_col_offset - len(name.encode("utf-8"))
                self.record(f, ["module", a.value, None], dynamic=True, offset=at)
        self.generic_visit(node)

    def nested(self, flag, nodes):
        self.stack.append(flag)
        for n in nodes:
            self.visit(n)
        self.stack.pop()

    def visit_FunctionDef(self, node):
        for d in node.decorator_list:
            self.visit(d)
        self.visit(node.args)
        if node.returns:
            self.visit(node.returns)
        self.nested("function", node.body)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        self.visit(node.args)
        self.nested("function", [node.body])

    def visit_If(self, node):
        self.visit(node.test)
        self.nested("type_checking" if is_type_checking(node.test) else "if", node.body)
        self.nested("if", node.orelse)

    def visit_Try(self, node):
        guarded = any(handler_catches(h) for h in node.handlers)
        self.nested("guarded" if guarded else "try", node.body)
        for h in node.handlers:
            self.nested("except", [h])
        self.nested("else", node.orelse)
        self.nested("finally", node.finalbody)

    visit_TryStar = visit_Try


def main():
    for root in sys.argv[1:]:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "__pycache__"))
            for f in sorted(filenames):
                if not f.endswith(".py"):
                    continue
                path = os.path.join(dirpath, f)
                try:
                    with tokenize.open(path) as fh:
                        source = fh.read()
                    tree = ast.parse(source)
                except (SyntaxError, UnicodeDecodeError, ValueError) as e:
                    print(json.dumps({"path": path, "rejected": type(e).__name__}))
                    continue
                c = Collector(source.split("\n"))
                try:
                    c.visit(tree)
                except RecursionError:
                    print(json.dumps({"path": path, "rejected": "RecursionError"}))
                    continue
                print(json.dumps({"path": path, "imports": c.out}))


if __name__ == "__main__":
    import threading

    sys.setrecursionlimit(50_000)
    threading.stack_size(512 * 1024 * 1024)
    worker = threading.Thread(target=main)
    worker.start()
    worker.join()
