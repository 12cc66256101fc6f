def run(port):
    print("serving on", port)
