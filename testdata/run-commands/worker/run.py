import smtplib

server = smtplib.SMTP("localhost")
