import sqlite3


def add(title):
    with sqlite3.connect("tracker.db") as db:
        db.execute("insert into issues(title) values (?)", (title,))
