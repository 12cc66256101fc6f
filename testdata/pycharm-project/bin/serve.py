import numbers

from server import run

run(port=8000) if isinstance(8000, numbers.Integral) else None
