"""The goenv-ls rule catalog: one module per rule, discovered at run time.

Each module's docstring is the rule's documentation (What it does / Why is this bad? /
Example / Use instead / Fix safety / Where it is set); its one ``@rule`` function reads
the env model and yields findings.
"""
