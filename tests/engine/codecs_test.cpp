// The codecs every answer and request goes through: JSON string quoting and base64.
#include <catch2/catch.hpp>

#include "engine/base64.hpp"
#include "engine/json_writer.hpp"

using dc::engine::base64_decode;
using dc::engine::base64_encode;
using dc::engine::json_quote;

TEST_CASE("json_quote escapes quotes, backslashes and the whitespace controls", "[codecs]") {
  CHECK(json_quote("") == R"("")");
  CHECK(json_quote("plain text") == R"("plain text")");
  CHECK(json_quote(R"(say "hi" \ bye)") == R"("say \"hi\" \\ bye")");
  CHECK(json_quote("a\nb\rc\td") == R"("a\nb\rc\td")");
  CHECK(json_quote("</script>") == R"("</script>")");
  CHECK(json_quote("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") ==
        "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
}

TEST_CASE("json_quote replaces invalid UTF-8 and other controls, one U+FFFD per byte", "[codecs]") {
  const std::string fffd = "\xEF\xBF\xBD";
  CHECK(json_quote("a\xFF\xFE"
                   "b") == "\"a" + fffd + fffd + "b\"");
  CHECK(json_quote("\xC3") == "\"" + fffd + "\"");                        // truncated sequence
  CHECK(json_quote("\xC0\xAF") == "\"" + fffd + fffd + "\"");             // overlong '/'
  CHECK(json_quote("\xED\xA0\x80") == "\"" + fffd + fffd + fffd + "\"");  // a surrogate
  CHECK(json_quote(std::string{"x\0y", 3}) == "\"x" + fffd + "y\"");
  CHECK(json_quote("\x01\x1F") == "\"" + fffd + fffd + "\"");
  CHECK(json_quote("\xEF\xBF\xBF") == "\"" + fffd + "\"");  // U+FFFF
}

TEST_CASE("base64 encodes RFC 4648's test vectors and decodes them back", "[codecs]") {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (auto [plain, encoded] : vectors) {
    INFO(plain);
    CHECK(base64_encode(plain) == encoded);
    CHECK(base64_decode(encoded) == std::optional<std::string>{plain});
  }
  CHECK(base64_decode("bW9ja3VzZXI6bW9ja3Bhc3N3b3Jk") == "mockuser:mockpassword");
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  CHECK(base64_decode(base64_encode(bytes)) == bytes);
}

TEST_CASE("base64 decoding ignores line breaks and surrounding space, and refuses the rest",
          "[codecs]") {
  CHECK(base64_decode("  Zm9v\nYmFy\r\n") == "foobar");
  CHECK_FALSE(base64_decode("Zm9v!"));
  CHECK(base64_decode("Zm9") == "fo");  // padding may be left out
  CHECK_FALSE(base64_decode("Z"));      // a lone character carries no byte
  CHECK_FALSE(base64_decode("Zg=a"));
  CHECK_FALSE(base64_decode("=Zg="));
}
