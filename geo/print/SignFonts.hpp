#pragma once
// The fonts of a batch of signs, cut down to the characters the batch uses. Noto CJK faces are
// 20–27 MB; cairo reads and subsets the whole face again for every PDF it finishes, which made a
// sign cost a quarter of a second. Subsetting each face once per batch (HarfBuzz) to the few hundred
// characters the plan's names and the sign's own words need lets every PDF subset a font of a few
// hundred kilobytes instead. The subset fonts live in a private fontconfig configuration that
// every thread's Pango font map uses.
#include <string>

typedef struct _FcConfig FcConfig;

namespace gp::print {

struct SignTemplate;

class SignFonts {
 public:
  // Subsets the template's title font (bold) and body font (regular and bold) to the characters of
  // `text`, printable ASCII and the sign's fixed words. Never throws: when a face cannot be found
  // or subset, config() is null (the system fonts are used, only slower) and note() says why.
  SignFonts(const SignTemplate& t, const std::string& text);
  ~SignFonts();
  SignFonts(const SignFonts&) = delete;
  SignFonts& operator=(const SignFonts&) = delete;

  FcConfig* config() const { return config_; }
  const std::string& note() const { return note_; }

 private:
  FcConfig* config_ = nullptr;
  std::string dir_;
  std::string note_;
};

// Every word the renderer draws by itself (captions, table headings, units such as 米 and 户).
const std::string& signFixedText();

}  // namespace gp::print
