# Native shutdown, 2 of 3: every script of /etc/rc0.d (halt) or rc6.d
# (reboot) that the native shutdown does not cover and whose service
# runit does not supervise, with "stop", in order.  Debian's stage 3
# has set LAST to 0 or 6.
nb_run_rc "rc${LAST:-0}.d" K stop
