"""Templates for the notification e-mails."""
WELCOME = "Welcome, {name}!"
