import code

code.interact(local={})
