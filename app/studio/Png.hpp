#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace gp::studio {

// Writes RGBA pixels (rows top to bottom) as a PNG, atomically. Throws gp::InputError naming the path.
void writePng(const std::string& path, int width, int height, const std::vector<uint8_t>& rgba);

}  // namespace gp::studio
