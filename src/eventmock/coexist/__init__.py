"""eventmock next to the mock underneath (moto): what keeps one service's state in one
place when a service of the mock underneath creates resources of a service eventmock
emulates (:mod:`eventmock.coexist.cloudformation`)."""
