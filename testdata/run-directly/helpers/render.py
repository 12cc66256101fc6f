import code

def show(lines):
    return "\n".join(code.indent(lines))
