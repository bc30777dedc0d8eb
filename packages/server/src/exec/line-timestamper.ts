import type { ChildProcess } from "node:child_process";
import { releaseTag } from "../core/log-line.ts";
import { startDetached, type StartDetachedOptions } from "./start-detached.ts";

/**
 * Runs a Procfile command with every line of its output timestamped (ADR 18), without the
 * server in between: apps outlive the server (ADR 10), so it cannot sit on a pipe.
 *
 * `perl -T -e <script> -- /bin/sh -c <command>` is started (detached, output to the instance's O_APPEND
 * log file) in place of `/bin/sh -c <command>`. The script makes a pipe and double-forks a
 * timestamper (`hop3-timestamp` in ps) that reads the pipe and appends each line, prefixed by
 * `2026-11-23T14:05:01.123Z `, to the log file; then it points its stdout and stderr at the
 * pipe and execs the rest of its arguments: `/bin/sh -c <command>`, inside the sandbox when the app
 * has one (the timestamper stays outside it, so that the end of the app's PID namespace does not
 * kill it before it wrote the app's last lines). So the process the supervisor started, watches, records
 * and signals is the app's shell itself (same pid, same start time, its exit status), and the
 * timestamper is nobody's child but init's.
 *
 * The timestamper has a process group of its own: stopping or cleaning up the instance's group
 * (SIGKILL after a crash) must not cut the app's last lines, still in the pipe. It ends by
 * itself once every writer is gone (end of file), i.e. with the instance's group. It keeps the
 * fd 3 it was given (the app does not get it), so the server sees when it is done: the
 * supervisor writes its note about an exit after the app's last lines, not before them. It
 * closes the other descriptors it was handed (the channel bringing the app's environment to
 * bubblewrap, see spawn-as.ts).
 *
 * In a sandbox the script runs with Hop3's fixed environment and bubblewrap applies the app's
 * (ADR 22). Without one it runs as the app's user with the app's environment: `-T` (taint
 * mode) makes perl ignore PERL5LIB and PERL5OPT, which belong to the app, not to this script;
 * the environment is passed on to the app untouched.
 * Perl and Time::HiRes come with Debian's `perl` package, which git already depends on.
 */
export const timestamperScript = String.raw`
use strict; use warnings; use POSIX (); use Time::HiRes ();
my @command = map { (/\A(.*)\z/s)[0] } @ARGV;
my $tag = shift @command // "";
die "hop3: bad release tag\n" unless $tag =~ /\A(?:v[0-9]{1,9} )?\z/;
die "hop3: no command to run\n" unless @command;
$ENV{$_} = ($ENV{$_} =~ /\A(.*)\z/s)[0] for keys %ENV;
pipe(my $reader, my $writer) or die "hop3: pipe: $!\n";
my $middle = fork() // die "hop3: fork: $!\n";
if ($middle == 0) {
  close $writer;
  POSIX::close($_) for grep { $_ != fileno($reader) } 4 .. 63;
  setpgrp(0, 0);
  my $stamper = fork() // exit 1;
  exit 0 if $stamper;
  $0 = "hop3-timestamp";
  my ($second, $day, $pending) = (-1, "", "");
  my $stamp = sub {
    my ($s, $us) = Time::HiRes::gettimeofday();
    if ($s != $second) {
      my @t = gmtime($s);
      ($second, $day) = ($s, sprintf("%04d-%02d-%02dT%02d:%02d:%02d", $t[5] + 1900, $t[4] + 1, @t[3, 2, 1, 0]));
    }
    return sprintf("%s.%03dZ ", $day, int($us / 1000));
  };
  while (sysread($reader, $pending, 65536, length $pending)) {
    my $end = rindex($pending, "\n");
    my $lines = $end >= 0 ? substr($pending, 0, $end + 1, "") : "";
    if (length $pending >= 65536) { $lines .= "$pending\n"; $pending = ""; }
    next unless length $lines;
    my $time = $stamp->();
    $lines =~ s/^/$time$tag/mg;
    defined syswrite(STDOUT, $lines) or exit 1;
  }
  syswrite(STDOUT, $stamp->() . "$tag$pending\n") if length $pending;
  exit 0;
}
waitpid($middle, 0);
close $reader;
if (open(my $done, ">&=", 3)) { close $done; }
open(STDOUT, ">&", $writer) or die "hop3: stdout: $!\n";
open(STDERR, ">&", $writer) or die "hop3: stderr: $!\n";
close $writer;
exec { $command[0] } @command or die "hop3: cannot run $command[0]: $!\n";
`;

/** Where Debian's perl is. */
export const perlProgram = "/usr/bin/perl";

/**
 * What runs before the command, as the app's user but outside its sandbox, and execs it. Its
 * first argument is the tag written after each line's time: `v4 ` for release 4's instances
 * (so a log shows which release wrote each line), or nothing.
 */
function timestamper(release: number | undefined): string[] {
  return [perlProgram, "-T", "-e", timestamperScript, "--", releaseTag(release)];
}

/** The argv that runs `command` under /bin/sh with its output timestamped line by line. */
export function timestampedCommand(command: string, release?: number): [string, ...string[]] {
  const [program, ...args] = timestamper(release);
  return [program ?? perlProgram, ...args, "/bin/sh", "-c", command];
}

/** A timestamped instance's process, and when its timestamper has written its last line. */
export interface TimestampedProcess {
  readonly child: ChildProcess;
  /** Settles once the timestamper has exited, i.e. every line the app wrote is in the log. */
  readonly outputDone: Promise<void>;
}

/** Starts `command` detached (like startDetached) with every line of its output timestamped. */
export function startTimestamped(options: Omit<StartDetachedOptions, "argv" | "pipeOnFd3"> & { readonly command: string; readonly release?: number }): TimestampedProcess {
  const { command, release, ...rest } = options;
  const child = startDetached({ ...rest, argv: ["/bin/sh", "-c", command], runFirst: timestamper(release), pipeOnFd3: true });
  const done = child.stdio[3] as (NodeJS.ReadableStream & { unref?(): void; destroyed?: boolean }) | null | undefined;
  const outputDone = new Promise<void>((resolve) => {
    if (!done || done.destroyed) return resolve();
    // Nothing is ever written on it: its end is the timestamper's exit. It must not keep the server up.
    done.unref?.();
    done.once("close", () => resolve());
    done.once("error", () => resolve());
    done.resume();
  });
  return { child, outputDone };
}
