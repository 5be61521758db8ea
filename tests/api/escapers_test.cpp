// The escapers of the XML writer and the request reader's percent-decoding.
#include <catch2/catch.hpp>

#include "api/params.hpp"
#include "api/xml_writer.hpp"

using dc::api::percent_decode;
using dc::api::xml_escape;
using dc::api::xml_name;

namespace {
const std::string fffd = "\xEF\xBF\xBD";
}

TEST_CASE("xml_escape escapes the five markup characters and keeps other text", "[escapers]") {
  CHECK(xml_escape("") == "");
  CHECK(xml_escape(R"(<a href='x'>"Tom" & Jerry</a>)") ==
        "&lt;a href=&apos;x&apos;&gt;&quot;Tom&quot; &amp; Jerry&lt;/a&gt;");
  CHECK(xml_escape("&amp;") == "&amp;amp;");
  CHECK(xml_escape("line\nnext\ttab\r") == "line\nnext\ttab\r");
  CHECK(xml_escape("caf\xC3\xA9 \xF0\x9F\x98\x80") == "caf\xC3\xA9 \xF0\x9F\x98\x80");
}

TEST_CASE("xml_escape replaces what XML 1.0 cannot carry, one U+FFFD per byte", "[escapers]") {
  CHECK(xml_escape("a\xFF"
                   "b") == "a" + fffd + "b");
  CHECK(xml_escape(std::string{"\0", 1}) == fffd);
  CHECK(xml_escape("\x0B\x0C") == fffd + fffd);
  CHECK(xml_escape("\xEF\xBF\xBE") == fffd);                           // U+FFFE
  CHECK(xml_escape("\xF4\x90\x80\x80") == fffd + fffd + fffd + fffd);  // past U+10FFFF
}

TEST_CASE("xml_name makes any text an element name", "[escapers]") {
  CHECK(xml_name("cpu") == "cpu");
  CHECK(xml_name("disk.read-bytes_1") == "disk.read-bytes_1");
  CHECK(xml_name("") == "_");
  CHECK(xml_name("1st") == "_1st");
  CHECK(xml_name("-x") == "_-x");
  CHECK(xml_name("a b<c>") == "a_b_c_");
  CHECK(xml_name("\xC3\xA9t\xC3\xA9") == "___t__");
  CHECK(xml_name("xmlns") == "_xmlns");  // reserved at the start of a name
}

TEST_CASE("percent_decode decodes escapes, and plus only where asked", "[escapers]") {
  CHECK(percent_decode("a%20b", false) == "a b");
  CHECK(percent_decode("a+b", false) == "a+b");
  CHECK(percent_decode("a+b", true) == "a b");
  CHECK(percent_decode("%2B%2b", true) == "++");
  CHECK(percent_decode("%C3%A9", false) == "\xC3\xA9");
  CHECK(percent_decode("%FF%FE", false) == "\xFF\xFE");  // bytes; UTF-8 is checked later
  CHECK(percent_decode("%00", false) == std::string{"\0", 1});
}

TEST_CASE("percent_decode keeps invalid escapes as sent", "[escapers]") {
  CHECK(percent_decode("100%", false) == "100%");
  CHECK(percent_decode("%4", false) == "%4");
  CHECK(percent_decode("%G1", false) == "%G1");
  CHECK(percent_decode("%%41", false) == "%A");
}
