//===- FuzzerReplayMain.cpp - Replay a fuzz corpus without libFuzzer ------===//
//
// A main() for LLVMFuzzerTestOneInput so that the corpus (seeds plus every
// input that once crashed) runs as an ordinary regression test with any
// compiler: `sinter-safetensors-fuzz-replay DIR_OR_FILE...`. Directories are
// read one level deep, in sorted order. Exits non-zero when nothing was
// replayed, so a mistyped corpus path does not pass silently; a failing input
// aborts inside the target, after its name has been printed.
//
//===----------------------------------------------------------------------===//
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/stat.h>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

bool isDirectory(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool collect(const std::string &path, std::vector<std::string> &files) {
  if (!isDirectory(path)) {
    files.push_back(path);
    return true;
  }
  DIR *dir = ::opendir(path.c_str());
  if (!dir) {
    std::fprintf(stderr, "%s: cannot open: %s\n", path.c_str(),
                 std::strerror(errno));
    return false;
  }
  std::vector<std::string> entries;
  while (dirent *e = ::readdir(dir)) {
    std::string name = e->d_name;
    if (name == "." || name == "..")
      continue;
    std::string child = path + "/" + name;
    if (!isDirectory(child))
      entries.push_back(child);
  }
  ::closedir(dir);
  std::sort(entries.begin(), entries.end());
  files.insert(files.end(), entries.begin(), entries.end());
  return true;
}

} // namespace

int main(int argc, char **argv) {
  std::vector<std::string> files;
  bool ok = true;
  for (int i = 1; i < argc; ++i)
    ok &= collect(argv[i], files);
  for (const std::string &path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "%s: cannot open: %s\n", path.c_str(),
                   std::strerror(errno));
      ok = false;
      continue;
    }
    std::string bytes((std::istreambuf_iterator<char>(in)),
                      std::istreambuf_iterator<char>());
    std::fprintf(stderr, "replaying %s (%zu bytes)\n", path.c_str(),
                 bytes.size());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.data()),
                           bytes.size());
  }
  if (files.empty()) {
    std::fprintf(stderr, "no inputs to replay\n");
    return 1;
  }
  std::fprintf(stderr, "replayed %zu inputs\n", files.size());
  return ok ? 0 : 1;
}
