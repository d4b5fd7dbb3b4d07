// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>

#include <array>
#include <string>
#include <string_view>

// Finds a UTF-8 needle in UTF-8 text, ignoring case the way Unicode's simple case folding does (C and S
// mappings of CaseFolding.txt, as QChar::toCaseFolded): "ÜBER" finds "über", "ΣΟΦΊΑ" finds "σοφία", and "k"
// finds the Kelvin sign. A position in the text matches when the code points from there fold to the needle's.
//
// Built for scanning gigabytes of journal lines: candidates are found 16 bytes at a time by the lead bytes of
// every spelling of the needle's first code point (and of its second, when every spelling of the first has
// the same length), and only those are decoded and compared. Invalid UTF-8 in the text never matches a
// needle code point and never reads past the text. Immutable after construction; callable from any thread.
class CaseFoldSearch
{
public:
    CaseFoldSearch() = default;
    explicit CaseFoldSearch(const QByteArray &needleUtf8);

    bool isEmpty() const { return m_folded.empty(); }
    bool contains(std::string_view text) const { return find(text) != std::string_view::npos; }
    // Where the first match starts in text, or npos.
    size_t find(std::string_view text) const;

    // Whether the code points from text[pos] on fold to the needle's.
    bool matchesAt(std::string_view text, size_t pos) const;

    // The simple case folding of one code point (QChar::toCaseFolded).
    static char32_t fold(char32_t c);

private:
    struct Anchor
    {
        std::array<unsigned char, 8> bytes{}; // lead bytes of every spelling
        int count = 0;
        bool add(unsigned char b);
        bool has(unsigned char b) const;
    };

    std::u32string m_folded; // the needle, folded
    Anchor m_first;
    Anchor m_second;
    size_t m_secondOffset = 0; // bytes from a candidate to its second code point; 0: no second anchor
    bool m_scalar = false;     // too many spellings for the vector scan
};
