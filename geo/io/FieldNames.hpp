#pragma once
// Finding a layer's fields by the names planners use, and suggesting the closest name when a field
// the user asked for does not exist.
#include <optional>
#include <string>
#include <vector>

namespace gp::io {

// Levenshtein distance over Unicode code points (so `户数` vs `户 数` counts characters, not bytes).
size_t editDistance(const std::string& a, const std::string& b);

// The name in `names` closest to `wanted` (case-insensitive edit distance); empty if `names` is empty.
std::string closestName(const std::string& wanted, const std::vector<std::string>& names);

// Index of the first of `candidates` present in `names` (exact, then case-insensitive), or nullopt.
std::optional<size_t> findAny(const std::vector<std::string>& names, const std::vector<std::string>& candidates);

// Index of `wanted` in `names` (exact, then case-insensitive), or nullopt.
std::optional<size_t> findName(const std::vector<std::string>& names, const std::string& wanted);

// True when `s` is well-formed UTF-8.
bool isUtf8(const std::string& s);

// `s` with every byte that is not part of a well-formed UTF-8 character written as \xHH (FF FF → `\xFF\xFF`), so a
// name in an unknown code page can be shown in a message and typed back on the command line.
std::string escapeUtf8(const std::string& s);

}  // namespace gp::io
