import queue
import threading

jobs = queue.Queue()
worker = threading.Thread(target=lambda: print(jobs.get()))
worker.start()
jobs.put("hello")
