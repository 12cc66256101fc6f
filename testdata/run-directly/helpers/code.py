def indent(lines):
    return ["    " + line for line in lines]
