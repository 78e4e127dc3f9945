# Native boot, 6 of 7: every other script of /etc/rcS.d, in its order
# (networking, mountnfs.sh, console-setup.sh, brightness, what packages
# bring), once the modules are loaded, udev has settled and everything
# local is mounted; then the clean-up of /tmp is waited for (a service
# must not find /tmp being cleaned).  The other jobs in the background
# (udev's settle when nothing needed it, the random seed, the clock) go
# on while the services start.
nb_now; nb_t0=$nb_up
[ -n "$nb_mod_pid" ] && wait "$nb_mod_pid" && nb_mark "$nb_t0" "waiting for the kernel modules"
nb_list=$(nb_rc_scripts rcS.d S late)
[ -n "$nb_list" ] && nb_udev_wait "before the rcS.d scripts"
nb_run_list "$nb_list" start
nb_now; nb_t0=$nb_up
[ -n "$nb_tmp_pid" ] && wait "$nb_tmp_pid" && nb_mark "$nb_t0" "waiting for /tmp to be cleaned"
