from api import server
