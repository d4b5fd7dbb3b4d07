// SPDX-License-Identifier: MIT
#include "casefoldsearch.h"

#include <QChar>

#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace {

// Code points above this have no case mappings (CaseFolding.txt ends at Adlam, U+1E921).
constexpr char32_t LastCased = 0x1E943;
constexpr char32_t Invalid = 0xFFFFFFFF;

// Every code point that folds to a given one, other than itself: built once, on first use.
const std::unordered_map<char32_t, std::vector<char32_t>> &spellings()
{
    static const auto table = [] {
        std::unordered_map<char32_t, std::vector<char32_t>> t;
        for (char32_t c = 0; c <= LastCased; ++c) {
            const char32_t f = CaseFoldSearch::fold(c);
            if (f != c)
                t[f].push_back(c);
        }
        return t;
    }();
    return table;
}

int encode(char32_t c, unsigned char *out)
{
    if (c < 0x80) {
        out[0] = static_cast<unsigned char>(c);
        return 1;
    }
    if (c < 0x800) {
        out[0] = static_cast<unsigned char>(0xC0 | (c >> 6));
        out[1] = static_cast<unsigned char>(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = static_cast<unsigned char>(0xE0 | (c >> 12));
        out[1] = static_cast<unsigned char>(0x80 | ((c >> 6) & 0x3F));
        out[2] = static_cast<unsigned char>(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = static_cast<unsigned char>(0xF0 | (c >> 18));
    out[1] = static_cast<unsigned char>(0x80 | ((c >> 12) & 0x3F));
    out[2] = static_cast<unsigned char>(0x80 | ((c >> 6) & 0x3F));
    out[3] = static_cast<unsigned char>(0x80 | (c & 0x3F));
    return 4;
}

// Decodes the code point at text[pos], advancing pos; Invalid for a malformed or truncated sequence.
char32_t decode(std::string_view text, size_t &pos)
{
    const auto b = [&](size_t i) {
        return static_cast<unsigned char>(text[i]);
    };
    const unsigned char c = b(pos);
    if (c < 0x80) {
        ++pos;
        return c;
    }
    int len = 0;
    char32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
        len = 2;
        cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3;
        cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4;
        cp = c & 0x07;
    } else {
        ++pos;
        return Invalid;
    }
    if (pos + size_t(len) > text.size()) {
        pos = text.size();
        return Invalid;
    }
    for (int i = 1; i < len; ++i) {
        const unsigned char cc = b(pos + size_t(i));
        if ((cc & 0xC0) != 0x80) {
            pos += size_t(i);
            return Invalid;
        }
        cp = (cp << 6) | (cc & 0x3F);
    }
    pos += size_t(len);
    return cp;
}

std::vector<char32_t> allSpellings(char32_t folded)
{
    std::vector<char32_t> out{folded};
    const auto &t = spellings();
    if (const auto it = t.find(folded); it != t.end())
        out.insert(out.end(), it->second.begin(), it->second.end());
    return out;
}

} // namespace

char32_t CaseFoldSearch::fold(char32_t c)
{
    return c <= LastCased ? QChar::toCaseFolded(c) : c;
}

bool CaseFoldSearch::Anchor::add(unsigned char b)
{
    if (has(b))
        return true;
    if (count == int(bytes.size()))
        return false;
    bytes[size_t(count++)] = b;
    return true;
}

bool CaseFoldSearch::Anchor::has(unsigned char b) const
{
    return std::find(bytes.begin(), bytes.begin() + count, b) != bytes.begin() + count;
}

CaseFoldSearch::CaseFoldSearch(const QByteArray &needleUtf8)
{
    const std::string_view needle(needleUtf8.constData(), size_t(needleUtf8.size()));
    for (size_t pos = 0; pos < needle.size();) {
        const char32_t c = decode(needle, pos);
        m_folded.push_back(c == Invalid ? Invalid : fold(c));
    }
    if (m_folded.empty() || m_folded[0] == Invalid)
        return;
    unsigned char buf[4];
    int firstLength = -1;
    bool sameLength = true;
    for (const char32_t s : allSpellings(m_folded[0])) {
        const int n = encode(s, buf);
        sameLength = sameLength && (firstLength < 0 || firstLength == n);
        firstLength = n;
        m_scalar = m_scalar || !m_first.add(buf[0]);
    }
    if (m_folded.size() > 1 && m_folded[1] != Invalid && sameLength && !m_scalar) {
        bool ok = true;
        for (const char32_t s : allSpellings(m_folded[1])) {
            encode(s, buf);
            ok = ok && m_second.add(buf[0]);
        }
        if (ok)
            m_secondOffset = size_t(firstLength);
    }
}

bool CaseFoldSearch::matchesAt(std::string_view text, size_t pos) const
{
    for (const char32_t want : m_folded) {
        if (pos >= text.size())
            return false;
        const auto byte = static_cast<unsigned char>(text[pos]);
        if (byte < 0x80) { // ASCII folds within ASCII: A-Z to a-z, nothing else
            if (char32_t(byte >= 'A' && byte <= 'Z' ? byte + 32 : byte) != want)
                return false;
            ++pos;
            continue;
        }
        const char32_t c = decode(text, pos);
        if (c == Invalid || fold(c) != want)
            return false;
    }
    return true;
}

size_t CaseFoldSearch::find(std::string_view text) const
{
    if (m_folded.empty())
        return 0;
    const auto *p = reinterpret_cast<const unsigned char *>(text.data());
    const size_t n = text.size();
    size_t i = 0;
#if defined(__SSE2__)
    if (!m_scalar) {
        const size_t reach = m_secondOffset; // the second anchor's load reads this far past the first
        __m128i first[8], second[8];
        for (int k = 0; k < m_first.count; ++k)
            first[k] = _mm_set1_epi8(static_cast<char>(m_first.bytes[size_t(k)]));
        for (int k = 0; k < m_second.count; ++k)
            second[k] = _mm_set1_epi8(static_cast<char>(m_second.bytes[size_t(k)]));
        for (; i + 16 + reach <= n; i += 16) {
            const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + i));
            __m128i hit = _mm_cmpeq_epi8(a, first[0]);
            for (int k = 1; k < m_first.count; ++k)
                hit = _mm_or_si128(hit, _mm_cmpeq_epi8(a, first[k]));
            if (reach) {
                const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + i + reach));
                __m128i hit2 = _mm_cmpeq_epi8(b, second[0]);
                for (int k = 1; k < m_second.count; ++k)
                    hit2 = _mm_or_si128(hit2, _mm_cmpeq_epi8(b, second[k]));
                hit = _mm_and_si128(hit, hit2);
            }
            unsigned mask = unsigned(_mm_movemask_epi8(hit));
            while (mask) {
                const size_t at = i + size_t(__builtin_ctz(mask));
                if (matchesAt(text, at))
                    return at;
                mask &= mask - 1;
            }
        }
    }
#endif
    for (; i < n; ++i) {
        if (m_first.has(p[i]) || m_scalar) {
            if (matchesAt(text, i))
                return i;
        }
    }
    return std::string_view::npos;
}
