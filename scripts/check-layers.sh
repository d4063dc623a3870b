#!/usr/bin/env bash
# Prints every call and import that breaks the layering rules (issue 12) and
# fails when there is one:
#   - only Sources/LinuxSystem (and the C shim targets, which are C) call
#     libc and import Glibc or CLinuxLoop;
#   - libevdev (CEvdev) only from Sources/Evdev, libusb (CLibUSB) only from
#     Sources/BoardLink, FreeType (CFreeType) only from Sources/Typesetting,
#     libpng (CLibPNG, CPNGCodec) only from Sources/PNGImage, libxlsxwriter
#     (CXLSXWriter) only from Sources/Spreadsheet, and the framebuffer
#     definitions (CLinuxFB) only from Sources/Framebuffer.
# It checks Sources/ and kernel-tests/swift (tests may use libc for fixtures).
#
# How a call is recognised (Swift's own name lookup, approximated soundly):
#   1. Comments and the text of string literals are removed; the code inside
#      string interpolations `\( ... )` is kept and checked.
#   2. `Glibc.f(...)` (or SwiftGlibc, Musl, Darwin, Foundation, CLinuxLoop)
#      is always a libc call. `x.f(...)` is a method call, never libc.
#   3. An unqualified `f(...)`, f a libc function (the list below), is a libc
#      call unless Swift would find a Swift declaration named f first:
#        - a member of the enclosing type or of a type enclosing it (`func f`,
#          `case f`, a stored `let`/`var f`), declared in any file of the same
#          module, including extensions; members shadow imported functions;
#        - a top-level `func f` of the same module (shadows imported ones);
#        - a local function or parameter named f in the same file and type
#          (parameters of closure type, e.g. `write: (Bytes) -> Void`).
#      So `try write(table, ...)` inside JournalExport, which declares
#      `func write`, is Swift, and `write(fd, p, n)` in a type without a
#      `write` member is libc.
#   4. `f(label: ...)` is a memberwise initialiser (libc functions take no
#      labels), and `stat()`, `sigaction()`, `epoll_event()`, `sched_param()`
#      with no arguments make the C struct of that name.
#   5. Any `libevdev_*(`, `libusb_*(`, `FT_*(`, `png_*(`, `oss_png_*(`,
#      `workbook_*(`, `worksheet_*(`, `format_*(`, `lxw_*(` call outside the
#      owning module is reported, as is `import` of a C module (Glibc,
#      SwiftGlibc, CLinuxLoop, CEvdev, CLibUSB, CFreeType, CLibPNG, CPNGCodec,
#      CXLSXWriter, CLinuxFB) outside its owner.
#
# `check-layers.sh --self-test` checks these rules against the probe files in
# scripts/check-layers-probe (calls that must and must not be reported).
set -euo pipefail
if [ "${1:-}" = --self-test ]; then
    cd "$(dirname "$0")/check-layers-probe"
    diff -u expected.txt <("../$(basename "$0")" Sources/Probe/Probe.swift Sources/Evdev/Probe.swift || true) &&
        echo "layer check self-test: passed"
    exit
fi
[ $# -gt 0 ] || cd "$(dirname "$0")/.."

# The checker is Perl (part of every Debian base system); file names arrive on
# standard input, separated by NUL bytes.
checker=$(cat <<'PERL'
use strict; use warnings;
local $/ = "\0";
my @files = map { chomp; $_ } <STDIN>;

my @libc = qw(
  open openat creat close read write readv writev pread pwrite lseek stat lstat fstat fstatat statfs fstatfs
  mmap munmap mprotect msync madvise mlock munlock mlockall munlockall ioctl fcntl dup dup2 dup3 pipe pipe2
  poll ppoll select pselect eventfd signalfd
  opendir fdopendir readdir readdir_r closedir rewinddir scandir mkdir mkdirat rmdir unlink unlinkat rename renameat
  renameat2 link linkat symlink symlinkat readlink readlinkat realpath truncate ftruncate fsync fdatasync sync syncfs
  chmod fchmod fchmodat chown fchown lchown fchownat umask access faccessat utimensat futimens flock lockf mkfifo
  mknod chdir fchdir getcwd chroot
  getpid getppid getuid geteuid getgid getegid setuid setgid seteuid setegid getgroups getpwuid getpwuid_r getpwnam
  getpwnam_r getgrgid getgrgid_r getlogin getrlimit setrlimit getrusage getpriority setpriority nice uname
  sysconf pathconf gethostname
  kill killpg raise signal sigaction sigprocmask sigemptyset sigfillset sigaddset sigdelset sigismember
  sigwait sigwaitinfo sigtimedwait sigsuspend pause alarm fork vfork execv execve execvp execl execlp waitpid wait
  wait3 wait4 system popen pclose exit _exit abort atexit daemon setsid prctl
  clock_gettime clock_settime clock_getres clock_nanosleep gettimeofday settimeofday time nanosleep usleep sleep
  localtime localtime_r gmtime gmtime_r mktime timegm strftime strptime
  isatty ttyname tcgetattr tcsetattr cfmakeraw
  getenv setenv unsetenv putenv clearenv
  malloc calloc realloc free posix_memalign aligned_alloc memcpy memmove memset memcmp memchr bzero
  strlen strnlen strcmp strncmp strcpy strncpy strcat strncat strchr strrchr strstr strdup strndup strerror
  strerror_r strtol strtoul strtoll strtoull strtod atoi atol atof qsort bsearch
  fopen fdopen freopen fclose fflush fread fwrite fgets fputs fputc fgetc getline getdelim printf fprintf
  dprintf sprintf snprintf vprintf vfprintf perror puts putchar ferror feof clearerr fileno setvbuf
  mkstemp mkostemp mkdtemp tmpfile
  socket socketpair connect bind listen accept accept4 shutdown send sendto sendmsg recv recvfrom recvmsg
  setsockopt getsockopt getsockname getpeername getaddrinfo freeaddrinfo
  dlopen dlsym dlclose dlerror
  sched_yield rand srand random srandom arc4random
  floor ceil round lround llround trunc rint lrint sqrt cbrt pow exp exp2 log log2 log10 sin cos tan asin acos atan
  atan2 sinh cosh tanh hypot fabs fmod fmin fmax
);
my %libc = map { $_ => 1 } @libc;
# C-style names no Swift code of oss would choose: any call with these prefixes is libc.
my $libc_prefix = qr/^(?:epoll_|timerfd_|inotify_|pthread_|sched_|posix_|clock_|sig[a-z]+set$)/;
# C structs that share a name or prefix with functions: `stat()` makes one.
my %struct_too = map { $_ => 1 } qw(stat sigaction epoll_event sched_param pthread_attr_t);
my %qualifier = map { $_ => 1 } qw(Glibc SwiftGlibc Musl Darwin Foundation CLinuxLoop);
my %library_owner = (libevdev_ => "Evdev", libusb_ => "BoardLink", FT_ => "Typesetting", png_ => "PNGImage",
                     oss_png_ => "PNGImage", workbook_ => "Spreadsheet", worksheet_ => "Spreadsheet",
                     format_ => "Spreadsheet", lxw_ => "Spreadsheet");
# What a message calls the library of a prefix (else the prefix).
my %library_name = (workbook_ => "libxlsxwriter", worksheet_ => "libxlsxwriter", format_ => "libxlsxwriter",
                    lxw_ => "libxlsxwriter");
my %module_owner = (Glibc => "LinuxSystem", SwiftGlibc => "LinuxSystem", Musl => "LinuxSystem", Darwin => "LinuxSystem",
                    CLinuxLoop => "LinuxSystem", CEvdev => "Evdev", CLibUSB => "BoardLink", CFreeType => "Typesetting",
                    CLibPNG => "PNGImage", CPNGCodec => "PNGImage", CXLSXWriter => "Spreadsheet",
                    CLinuxFB => "Framebuffer");
my %keyword = map { $_ => 1 } qw(func var let case class struct enum extension actor protocol import init deinit
  subscript return throw throws try await if else guard for while repeat switch default where in is as some any
  static private fileprivate internal public open final override mutating nonmutating convenience required
  lazy weak unowned indirect typealias associatedtype operator precedencegroup inout do catch defer break continue
  fallthrough self Self super true false nil get set willSet didSet rethrows async);

# Removes comments and the text of string literals, keeping interpolated code
# and every newline (so line numbers stay right).
sub strip_source {
    my ($text) = @_;
    my $out = "";
    my $i = 0;
    my $n = length $text;
    my @stack;   # open interpolations: [hashes, multiline, paren depth]
    my $depth = 0;
    my $in_string;   # [hashes, multiline] while inside a literal
    while ($i < $n) {
        if ($in_string) {
            my ($hashes, $multi) = @$in_string;
            my $c = substr($text, $i, 1);
            my $close = ($multi ? '"""' : '"') . ("#" x $hashes);
            if (substr($text, $i, length $close) eq $close) {
                $out .= '""'; $i += length $close; $in_string = undef; next;
            }
            my $escape = "\\" . ("#" x $hashes);
            if (substr($text, $i, length $escape) eq $escape) {
                my $after = substr($text, $i + length $escape, 1);
                if ($after eq "(") {
                    push @stack, [$hashes, $multi, $depth];
                    $depth = 0; $in_string = undef;
                    $out .= '"" + ('; $i += length($escape) + 1; next;
                }
                $i += length($escape) + 1;
                $out .= "\n" if $after eq "\n";
                next;
            }
            $out .= "\n" if $c eq "\n";
            $i++;
            next;
        }
        my $c = substr($text, $i, 1);
        if (substr($text, $i, 2) eq "//") {
            my $end = index($text, "\n", $i);
            $i = $end < 0 ? $n : $end;
            next;
        }
        if (substr($text, $i, 2) eq "/*") {
            my $level = 0;
            while ($i < $n) {
                if (substr($text, $i, 2) eq "/*") { $level++; $i += 2; next; }
                if (substr($text, $i, 2) eq "*/") { $level--; $i += 2; last if $level == 0; next; }
                $out .= "\n" if substr($text, $i, 1) eq "\n";
                $i++;
            }
            next;
        }
        if (substr($text, $i) =~ /^(#*)("""|")/) {
            my ($hashes, $quote) = (length $1, $2);
            if ($hashes > 0 || $c eq '"') {
                $in_string = [$hashes, $quote eq '"""'];
                $i += $hashes + length $quote;
                next;
            }
        }
        if (@stack && $c eq "(") { $depth++; }
        if (@stack && $c eq ")") {
            if ($depth == 0) {
                my $frame = pop @stack;
                $in_string = [$frame->[0], $frame->[1]];
                $depth = $frame->[2];
                $out .= ') + ""';
                $i++;
                next;
            }
            $depth--;
        }
        $out .= $c;
        $i++;
    }
    return $out;
}

# Tokens with line numbers: identifiers (also `quoted`) and single characters.
sub tokenize {
    my ($code) = @_;
    my @tokens;
    my $line = 1;
    while ($code =~ /\G(?:(\n)|([ \t\r]+)|`([A-Za-z_][A-Za-z0-9_]*)`|([A-Za-z_][A-Za-z0-9_]*)|([0-9][0-9A-Za-z_.]*)|(.))/gs) {
        if (defined $1) { $line++; next; }
        next if defined $2;
        my $word = $3 // $4;
        if (defined $word) { push @tokens, [$word, $line, 1]; next; }
        next if defined $5;
        push @tokens, [$6, $line, 0];
    }
    return \@tokens;
}

# Walks a file: calls $visit->(index, type path, scope key) for each token,
# keeping track of the type each token is in.
sub walk {
    my ($tokens, $visit) = @_;
    my @scopes = ({ type => "" });
    my $pending;
    for (my $k = 0; $k < @$tokens; $k++) {
        my ($text, undef, $is_word) = @{$tokens->[$k]};
        if ($is_word && $text =~ /^(struct|class|enum|extension|actor|protocol)$/
            && ($k == 0 || $tokens->[$k - 1][0] ne ".")) {
            my $next = $tokens->[$k + 1];
            if ($next && $next->[2] && !$keyword{$next->[0]}) {
                my $name = $next->[0];
                my $j = $k + 2;
                while ($j + 1 < @$tokens && $tokens->[$j][0] eq "." && $tokens->[$j + 1][2]) {
                    $name .= "." . $tokens->[$j + 1][0]; $j += 2;
                }
                my $outer = $scopes[-1]{type};
                $pending = ($text eq "extension" || $outer eq "") ? $name : "$outer.$name";
            }
        }
        if ($text eq "{") {
            push @scopes, { type => defined $pending ? $pending : $scopes[-1]{type}, body => defined $pending };
            $pending = undef;
        } elsif ($text eq "}") {
            pop @scopes if @scopes > 1;
        }
        $visit->($k, $scopes[-1]{type}, $scopes[-1]{body} ? 1 : 0, scalar @scopes);
    }
}

my (%declared, %report, @violations);
my (%tokens, %module);
for my $file (@files) {
    my $module = $file =~ m{(?:^|/)Sources/([^/]+)/} ? $1 : $file =~ m{(?:^|/)kernel-tests/} ? "oss-kernel-tests" : "?";
    next if $module eq "LinuxSystem";
    open my $handle, "<", $file or die "$file: $!";
    local $/ = undef;
    my $text = <$handle>;
    close $handle;
    $tokens{$file} = tokenize(strip_source($text));
    $module{$file} = $module;
}

# Pass 1: the Swift declarations that shadow libc names.
for my $file (keys %tokens) {
    my $t = $tokens{$file};
    my $module = $module{$file};
    walk($t, sub {
        my ($k, $type, $in_body, $level) = @_;
        my $word = $t->[$k][0];
        my $next = $t->[$k + 1];
        return unless $next && $next->[2];
        my $key = $type eq "" ? ($level == 1 ? "" : "file:$file") : $type;
        if ($word eq "func" || (($word eq "let" || $word eq "var") && $in_body)) {
            $declared{$module}{$key}{$next->[0]} = 1;
        }
        # Enum cases, also in lists: `case file(Data), link(String) = 3`.
        if ($word eq "case" && $in_body) {
            my $j = $k + 1;
            while ($j < @$t && $t->[$j][2]) {
                $declared{$module}{$key}{$t->[$j][0]} = 1;
                $j++;
                if ($j < @$t && $t->[$j][0] eq "(") {
                    my $paren = 0;
                    for (; $j < @$t; $j++) {
                        $paren++ if $t->[$j][0] eq "(";
                        $paren-- if $t->[$j][0] eq ")";
                        last if $paren == 0;
                    }
                    $j++;
                }
                $j += 2 if $j + 1 < @$t && $t->[$j][0] eq "=";
                last unless $j < @$t && $t->[$j][0] eq ",";
                $j++;
            }
        }
        # Parameter names of a function, initialiser or subscript: `label name:` or `name:`.
        if ($word eq "func" || $word eq "init" || $word eq "subscript") {
            my $j = $k + 1;
            $j++ while $j < @$t && $t->[$j][0] ne "(" && $t->[$j][0] ne "{";
            return unless $j < @$t && $t->[$j][0] eq "(";
            my $paren = 0;
            for (; $j < @$t; $j++) {
                my $s = $t->[$j][0];
                $paren++ if $s eq "(" || $s eq "[" || $s eq "<";
                $paren-- if $s eq ")" || $s eq "]" || ($s eq ">" && $t->[$j - 1][0] ne "-");
                last if $paren == 0;
                if ($paren == 1 && $s eq ":" && $t->[$j - 1][2]) {
                    $declared{$module}{$type eq "" ? "file:$file" : $type}{$t->[$j - 1][0]} = 1;
                }
            }
        }
    }) if $module ne "?";
}

sub shadowed {
    my ($module, $type, $file, $name) = @_;
    my $d = $declared{$module} or return 0;
    return 1 if $d->{""}{$name} || $d->{"file:$file"}{$name};
    while ($type ne "") {
        return 1 if $d->{$type}{$name};
        $type =~ s/\.?[^.]*$//;
    }
    return 0;
}

# Pass 2: calls and imports.
for my $file (@files) {
    my $t = $tokens{$file} or next;
    my $module = $module{$file};
    walk($t, sub {
        my ($k, $type) = @_;
        my ($word, $line, $is_word) = @{$t->[$k]};
        return unless $is_word;
        my $prev = $k > 0 ? $t->[$k - 1][0] : "";
        if ($word eq "import" && $k + 1 < @$t) {
            my $j = $k + 1;
            $j++ if $t->[$j][0] =~ /^(struct|class|enum|func|var|let|typealias|protocol)$/;
            my $imported = $t->[$j][0];
            my $owner = $module_owner{$imported};
            push @violations, "$file:$line: import $imported outside Sources/$owner" if $owner && $owner ne $module;
            return;
        }
        my $next = $t->[$k + 1];
        return unless $next && $next->[0] eq "(";
        for my $prefix (keys %library_owner) {
            if (index($word, $prefix) == 0 && $library_owner{$prefix} ne $module) {
                my $library = $library_name{$prefix} // ($prefix =~ s/_$//r);
                push @violations, "$file:$line: $library call outside Sources/$library_owner{$prefix}: $word(...)";
                return;
            }
        }
        my $libc_name = $libc{$word} || $word =~ $libc_prefix;
        if ($prev eq ".") {
            my $qualifier = $k > 1 ? $t->[$k - 2][0] : "";
            my $before = $k > 2 ? $t->[$k - 3][0] : "";
            if ($qualifier =~ /^(Glibc|SwiftGlibc|Musl|Darwin|CLinuxLoop)$/ && $before ne "."
                || $qualifier eq "Foundation" && $before ne "." && $libc_name) {
                push @violations, "$file:$line: libc call: $qualifier.$word(...)";
            }
            return;
        }
        return unless $libc_name;
        return if $prev eq "func" || $prev eq "case";
        my $after = $t->[$k + 2];
        return if $after && $after->[0] eq ")" && $struct_too{$word};
        return if $after && $after->[2] && $t->[$k + 3] && $t->[$k + 3][0] eq ":";
        return if shadowed($module, $type, $file, $word);
        push @violations, "$file:$line: libc call: $word(...)";
    });
}

print "$_\n" for @violations;
print "layer check: ", scalar(@violations), " call(s) or import(s) outside their module\n";
exit(@violations ? 1 : 0);
PERL
)
# With arguments, checks those files instead (a file's module is the folder
# after `Sources/`), which is how the rules themselves are tried out.
if [ $# -gt 0 ]; then printf '%s\0' "$@"; else git ls-files -z 'Sources/*.swift' 'kernel-tests/swift/*.swift'; fi |
    perl -e "$checker"
