def oldFunction(x):
    return x
