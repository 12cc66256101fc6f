"""Micro-benchmarks: `python benchmark/run.py` from the repository root."""
import time

import workloads


def main():
    for name, fn in workloads.ALL.items():
        start = time.perf_counter()
        fn()
        print(f"{name}: {time.perf_counter() - start:.3f}s")


if __name__ == "__main__":
    main()
