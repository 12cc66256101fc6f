import queue  # stdshadow: ignore[SS003]
import json  # stdshadow: ignore[SS002]


def handler(event, context):
    queue.put(event)
    return json.dumps({"queued": len(queue.JOBS)})
