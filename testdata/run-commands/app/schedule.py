import subprocess
import sys


def nightly():
    subprocess.run([sys.executable, "jobs/nightly.py"], check=True)
