// Document text: what may appear in an XML or JSON document, and what replaces the rest.

#include <catch2/catch.hpp>

#include "engine/utf8.hpp"

using namespace dc::engine;

TEST_CASE("well-formed UTF-8 is valid, and nothing else is") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain ascii"));
  CHECK(is_valid_utf8("caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80"));
  CHECK_FALSE(is_valid_utf8("\xff"));
  CHECK_FALSE(is_valid_utf8("\xc3"));              // cut short
  CHECK_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));      // a surrogate
  CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xe2\x9c"));
}

TEST_CASE("document text allows TAB, LF and CR but no other control character") {
  CHECK(is_document_text("a\tb\nc\rd"));
  CHECK(is_document_text("\xef\xbf\xbd sent by the client"));
  CHECK_FALSE(is_document_text(std::string{"a\0b", 3}));
  CHECK_FALSE(is_document_text("a\x01"));
  CHECK_FALSE(is_document_text("\x1f"));
  CHECK_FALSE(is_document_text("ok \xff"));
  // Valid UTF-8, but not XML 1.0 characters: strict parsers refuse the whole document.
  CHECK_FALSE(is_document_text("\xef\xbf\xbe"));
  CHECK_FALSE(is_document_text("\xef\xbf\xbf"));
  CHECK(is_document_text("\xef\xbf\xbd"));
  CHECK(document_text("a\xef\xbf\xbfz") == "a\xef\xbf\xbdz");
}

TEST_CASE("what a document cannot carry becomes U+FFFD, one per byte") {
  CHECK(document_text("fine \xc3\xa9") == "fine \xc3\xa9");
  CHECK(document_text("a\x01z") == "a\xef\xbf\xbdz");
  CHECK(document_text("\xff\xfe") == "\xef\xbf\xbd\xef\xbf\xbd");
  CHECK(document_text("cut \xe2\x9c") == "cut \xef\xbf\xbd\xef\xbf\xbd");
  CHECK(is_document_text(document_text(std::string{"\0\x80\xc0\xed\xa0\x80", 6})));
}
