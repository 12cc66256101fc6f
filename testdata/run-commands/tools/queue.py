"""A persistent crawl queue (named after what it is)."""
import sqlite3

DB = sqlite3.connect("queue.db")
