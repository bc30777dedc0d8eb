/**
 * A small Python program that runs a command on a new pseudo-terminal (`hop3 run --tty`):
 * Python's pty module gives a terminal without a native Node module, and takes the argv as
 * it is (no shell, no quoting). argv: COLUMNS ROWS PROGRAM ARGS…; stdin goes to the terminal
 * (its end becomes one ^D), the terminal's output to stdout, and "COLUMNS ROWS\n" lines on
 * fd 3 resize it (the kernel then sends SIGWINCH to the terminal's foreground processes). The exit status is the command's; a command killed by a signal kills the
 * helper with the same signal. SIGTERM hangs the command's session up, then kills its group.
 */
export const ptyHelperSource = String.raw`
import fcntl, os, pty, select, signal, struct, sys, termios, time

columns, rows, argv = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]

def set_size(fd, columns, rows):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

pid, master = pty.fork()
if pid == 0:
    os.close(3)
    set_size(0, columns, rows)
    try:
        os.execvp(argv[0], argv)
    except OSError as error:
        os.write(2, ("hop3: %s: %s\r\n" % (argv[0], error.strerror)).encode())
        os._exit(127 if isinstance(error, FileNotFoundError) else 126)

def stop(signum, frame):
    for sig in (signal.SIGHUP, signal.SIGCONT, None, signal.SIGKILL):
        if sig is None:
            time.sleep(1)
            continue
        try:
            os.killpg(pid, sig)
        except OSError:
            pass
    os._exit(128 + signum)

signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGHUP, stop)

def write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]

inputs = [0, master, 3]
pending = b""
while master in inputs:
    ready = select.select(inputs, [], [])[0]
    if master in ready:
        try:
            data = os.read(master, 65536)
        except OSError:
            data = b""
        if data:
            write_all(1, data)
        else:
            inputs.remove(master)
    if 0 in ready:
        data = os.read(0, 65536)
        if data:
            write_all(master, data)
        else:
            inputs.remove(0)
            write_all(master, b"\x04")
    if 3 in ready:
        data = os.read(3, 4096)
        if not data:
            inputs.remove(3)
        pending += data
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            try:
                new_columns, new_rows = (int(word) for word in line.split())
                set_size(master, new_columns, new_rows)
            except (ValueError, OSError):
                pass

status = os.waitpid(pid, 0)[1]
if os.WIFSIGNALED(status):
    signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
    os.kill(os.getpid(), os.WTERMSIG(status))
sys.exit(os.waitstatus_to_exitcode(status))
`;
