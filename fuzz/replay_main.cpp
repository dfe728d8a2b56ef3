// Replays fuzz inputs through a fuzz target without libFuzzer, so the seed corpora run as
// ordinary tests under any compiler (GCC included):
//
//   <name>_fuzz_replay PATH...
//
// Every PATH that is a file is fed to LLVMFuzzerTestOneInput once; every PATH that is a
// directory contributes all regular files below it, recursively, in sorted order. Arguments
// starting with '-' are libFuzzer options and are ignored, so a libFuzzer command line works
// unchanged. Exit status: 0 when every input ran, 1 when a path could not be read (the others
// still run), 2 without any path. A broken invariant aborts inside the target, as it would
// under libFuzzer.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

// Reads a whole file; false when it cannot be opened or read.
bool read_file(const fs::path& path, std::vector<std::uint8_t>& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

// Adds `path` (a file, or every regular file below a directory, sorted) to `inputs`.
bool collect(const fs::path& path, std::vector<fs::path>& inputs) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        std::fprintf(stderr, "replay: cannot access %s\n", path.string().c_str());
        return false;
    }
    if (!fs::is_directory(status)) {
        inputs.push_back(path);
        return true;
    }
    std::vector<fs::path> found;
    bool ok = true;
    fs::recursive_directory_iterator it(path, ec);
    const fs::recursive_directory_iterator end;
    while (!ec && it != end) {
        std::error_code type_ec;
        if (it->is_regular_file(type_ec)) found.push_back(it->path());
        it.increment(ec);
    }
    if (ec) {
        std::fprintf(stderr, "replay: cannot list %s: %s\n", path.string().c_str(), ec.message().c_str());
        ok = false;
    }
    std::sort(found.begin(), found.end());
    inputs.insert(inputs.end(), found.begin(), found.end());
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<fs::path> inputs;
    bool ok = true;
    int paths = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (!arg.empty() && arg[0] == '-') {
            std::fprintf(stderr, "replay: ignoring libFuzzer option %s\n", arg.c_str());
            continue;
        }
        ++paths;
        ok = collect(arg, inputs) && ok;
    }
    if (paths == 0) {
        std::fprintf(stderr, "usage: %s FILE-OR-DIRECTORY...\n", argc > 0 ? argv[0] : "replay");
        return 2;
    }

    std::size_t replayed = 0;
    std::vector<std::uint8_t> bytes;
    for (const fs::path& input : inputs) {
        if (!read_file(input, bytes)) {
            std::fprintf(stderr, "replay: cannot read %s\n", input.string().c_str());
            ok = false;
            continue;
        }
        // An exact-size heap copy (zero-sized for an empty input), so a sanitizer sees any
        // read past the input's end.
        const std::unique_ptr<std::uint8_t[]> copy(new std::uint8_t[bytes.size()]);
        std::copy(bytes.begin(), bytes.end(), copy.get());
        static_cast<void>(LLVMFuzzerTestOneInput(copy.get(), bytes.size()));
        ++replayed;
    }
    std::printf("replay: %zu input%s replayed\n", replayed, replayed == 1 ? "" : "s");
    return ok ? 0 : 1;
}
