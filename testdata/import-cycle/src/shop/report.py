from shop import helpers


class Report:
    pass
