"""Figures in words, for reports read aloud, printed or skimmed."""


def counted(number, singular, plural=None):
    """ "1 group", "3 groups", "2 people" (with plural="people")."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def and_words(words):
    """ "a", "a and b", "a, b and c"."""
    words = list(words)
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def capfirst(text):
    """The text with its first letter capitalised and the rest as it was ("ESOL" stays)."""
    return text[:1].upper() + text[1:]
