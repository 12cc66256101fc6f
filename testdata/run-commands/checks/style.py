import tokenize
