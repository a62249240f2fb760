"""The secretariat's desk in a browser (``editplan serve``): the plan, its history, the
round's decisions, reviewers' copies and reports brought in, over the Python API only.

Flask (templates in ``templates/``, one stylesheet in ``static/``, no script), served by
waitress; accounts from a users file (:mod:`editplan.web.accounts`). Start one with
:func:`editplan.web.server.make_server`.
"""
