# stdshadow: ignore-file[SS001]
"""Our job queue. It shadows the stdlib `queue` on purpose: nothing in this service (and no
stdlib module it uses) needs the real one."""

JOBS: list = []


def put(job):
    JOBS.append(job)
