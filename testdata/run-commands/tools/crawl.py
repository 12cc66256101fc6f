import queue
import sys

work = queue.Queue()
for url in sys.argv[1:]:
    work.put(url)
