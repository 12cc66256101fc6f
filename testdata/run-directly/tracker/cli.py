import argparse
import logging

from tracker import store

log = logging.getLogger(__name__)


def main():
    parser = argparse.ArgumentParser(prog="tracker")
    parser.add_argument("title")
    args = parser.parse_args()
    store.add(args.title)
    log.info("added %s", args.title)


if __name__ == "__main__":
    main()
