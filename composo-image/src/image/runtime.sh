#!/usr/bin/env bash
# Builds the image's runtime root filesystem from this machine, without any network: a jlink'ed Java runtime in
# /opt/java, the shared libraries it and the bundled native code (SQLite, ONNX Runtime) link against, copied from
# the build machine's glibc, a passwd entry for the unprivileged user, and the writable /tmp and /data.
# Usage: runtime.sh JAVA_HOME OUT_DIR
set -euo pipefail
java_home=$1
out=$2
modules=java.base,java.compiler,java.desktop,java.instrument,java.naming,java.net.http,java.rmi,java.security.jgss,java.sql,jdk.management,jdk.unsupported,jdk.crypto.ec,jdk.zipfs
stamp="$out.stamp"
key="$java_home $modules $(sha256sum "$0" | cut -c1-16)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$key" && -x "$out/opt/java/bin/java" ]]; then
  exit 0 # already built by this script for this JDK
fi
rm -rf "$out" "$stamp"
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/data" "$out/etc/composo"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$out/opt/java"
# a headless server never loads the desktop's native code (AWT windows, fonts, sound, images); without it no X11 libraries are needed
find "$out/opt/java/lib" \( -name 'libawt_xawt.so' -o -name 'libsplashscreen.so' -o -name 'libjsound.so' -o -name 'libjawt.so' \
  -o -name 'libfontmanager.so' -o -name 'liblcms.so' -o -name 'libjavajpeg.so' -o -name 'libmlib_image.so' \) -delete
# every shared object the runtime needs, plus what the native code that SQLite and ONNX Runtime extract at run time links
# against: glibc's libpthread/libdl/librt (stubs since glibc 2.34, still named by older binaries) and the C++ runtime
cache=$(ldconfig -p)
libs=$( { find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} \; 2>/dev/null || true
          for l in libpthread.so.0 libdl.so.2 librt.so.1 libstdc++.so.6 libgcc_s.so.1; do awk -v l="$l" '$1==l && /x86-64/ {print "x => " $NF}' <<<"$cache" | head -1; done; } \
  | awk '/=>/ && $3 ~ /^\// && $3 !~ /\/opt\/java\// {print $3}' | sort -u)
for lib in $libs; do
  real=$(readlink -f "$lib")
  mkdir -p "$out$(dirname "$lib")"
  cp "$real" "$out$lib"
done
# the dynamic loader's canonical path, as the JRE's binaries name it
interp=$(readelf -l "$out/opt/java/bin/java" | awk -F': ' '/interpreter/ {gsub(/\]/, "", $2); print $2}')
mkdir -p "$out$(dirname "$interp")"
cp "$(readlink -f "$interp")" "$out$interp"
printf 'root:x:0:0:root:/root:/sbin/nologin\ncomposo:x:1000:1000:composo:/data:/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\ncomposo:x:1000:\n' > "$out/etc/group"
echo "$key" > "$stamp"
