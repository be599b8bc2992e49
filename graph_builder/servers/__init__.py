"""Server processes the project starts itself (the embedded ArcadeDB behind Bolt).

Process supervision is not loading: the Bolt store (``load/bolt.py``) asks
this package for a target and otherwise only speaks Bolt.
"""
