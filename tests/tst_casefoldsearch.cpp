// SPDX-License-Identifier: MIT
#include "casefoldsearch.h"

#include <QRandomGenerator>
#include <QTest>

static QString u(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

class tst_CaseFoldSearch : public QObject
{
    Q_OBJECT
private slots:
    void finds_data();
    void finds();
    void invalidUtf8NeverMatchesAndNeverOverreads();
    void agreesWithFoldingTheWholeText();
};

void tst_CaseFoldSearch::finds_data()
{
    QTest::addColumn<QString>("needle");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("found");
    QTest::newRow("ascii") << u("error") << u(R"({"type":"ERROR","x":1})") << true;
    QTest::newRow("ascii mixed") << u("TooL_Name") << u(R"({"tool_name":"Bash"})") << true;
    QTest::newRow("ascii absent") << u("errors") << u(R"({"type":"ERROR"})") << false;
    QTest::newRow("umlaut upper needle") << u("ÜBER") << u("the word über is here") << true;
    QTest::newRow("umlaut lower needle") << u("über") << u("ÜBER ALLES") << true;
    QTest::newRow("greek final sigma") << u("ΣΟΦΟΣ") << u("σοφος and σοφοσ") << true;
    QTest::newRow("greek final sigma in text") << u("σοφοσ") << u("ΣΟΦΟς") << true;
    QTest::newRow("cyrillic") << u("ПРИВЕТ") << u("сказал привет") << true;
    QTest::newRow("kelvin sign in text") << u("kelvin") << u("\u212Aelvin") << true;
    QTest::newRow("kelvin sign in needle") << u("\u212A") << u("ok") << true;
    QTest::newRow("long s") << u("sun") << u("\u017Fun") << true;
    QTest::newRow("capital sharp s folds to sharp s") << u("\u1E9E") << u("straße") << true;
    QTest::newRow("sharp s is not ss (simple folding)") << u("ss") << u("straße") << false;
    QTest::newRow("dotted capital I has no simple folding") << u("i") << u("\u0130") << false;
    QTest::newRow("emoji as is") << u("🙂 DONE") << u("all 🙂 done") << true;
    QTest::newRow("deseret") << u("\U00010400") << u("x\U00010428y") << true;
    QTest::newRow("needle longer than text") << u("abcdef") << u("ABC") << false;
    QTest::newRow("at the very end") << u("end") << QString(40, QLatin1Char('x')) + u("END") << true;
    QTest::newRow("straddles a block") << u("needle") << QString(13, QLatin1Char('x')) + u("NEEDLE") << true;
    QTest::newRow("partial at the end") << u("needle") << QString(30, QLatin1Char('x')) + u("NEEDL") << false;
    QTest::newRow("escaped text is raw") << u("é") << u(R"({"content":"\u00e9"})") << false;
}

void tst_CaseFoldSearch::finds()
{
    QFETCH(QString, needle);
    QFETCH(QString, text);
    QFETCH(bool, found);
    const CaseFoldSearch search(needle.toUtf8());
    const QByteArray t = text.toUtf8();
    QCOMPARE(search.contains(std::string_view(t.constData(), size_t(t.size()))), found);
}

void tst_CaseFoldSearch::invalidUtf8NeverMatchesAndNeverOverreads()
{
    const CaseFoldSearch search(QStringLiteral("ü").toUtf8());
    // A lead byte of 'ü' (0xC3) at the very end, and one followed by a non-continuation byte.
    const QByteArray cut("abc\xC3", 4);
    QVERIFY(!search.contains(std::string_view(cut.constData(), size_t(cut.size()))));
    const QByteArray broken("\xC3(\xC3\xBC", 4);
    QVERIFY(search.contains(std::string_view(broken.constData(), size_t(broken.size()))));
    // The text is a view into a larger buffer: bytes past its end must not count.
    const QByteArray buffer = QStringLiteral("xxxxxxxxxxxxxxxxxxxxü").toUtf8();
    QVERIFY(!search.contains(std::string_view(buffer.constData(), size_t(buffer.size() - 1))));
    QVERIFY(search.contains(std::string_view(buffer.constData(), size_t(buffer.size()))));
    QVERIFY(CaseFoldSearch().isEmpty());
    QVERIFY(CaseFoldSearch().contains("anything"));
}

// Random texts over an alphabet full of case pairs, several byte lengths and look-alikes; the needle is cut
// out of the text and its case changed at random, or made up.
void tst_CaseFoldSearch::agreesWithFoldingTheWholeText()
{
    const std::u32string alphabet =
        U"aAbBkKsS\u212A\u017F \"{}:,0123456789éÉüÜßẞσςΣΩωЖж\u0130ı𐐀𐐨🙂中";
    QRandomGenerator rng(20261127);
    const auto fold = [](const std::u32string &s) {
        std::u32string out;
        for (const char32_t c : s)
            out.push_back(CaseFoldSearch::fold(c));
        return out;
    };
    int positives = 0;
    for (int round = 0; round < 4000; ++round) {
        std::u32string text;
        const int length = rng.bounded(0, 80);
        for (int i = 0; i < length; ++i)
            text.push_back(alphabet[size_t(rng.bounded(int(alphabet.size())))]);
        std::u32string needle;
        if (!text.empty() && rng.bounded(2)) {
            const int from = rng.bounded(int(text.size()));
            needle = text.substr(size_t(from), size_t(rng.bounded(1, 6)));
            for (char32_t &c : needle) {
                if (rng.bounded(2))
                    c = QChar::toUpper(c);
            }
        } else {
            for (int i = rng.bounded(1, 4); i > 0; --i)
                needle.push_back(alphabet[size_t(rng.bounded(int(alphabet.size())))]);
        }
        const bool expected = fold(text).find(fold(needle)) != std::u32string::npos;
        const QByteArray t = QString::fromUcs4(text.data(), qsizetype(text.size())).toUtf8();
        const QByteArray n = QString::fromUcs4(needle.data(), qsizetype(needle.size())).toUtf8();
        const bool got = CaseFoldSearch(n).contains(std::string_view(t.constData(), size_t(t.size())));
        if (got != expected)
            QFAIL(qPrintable(QStringLiteral("needle \"%1\" in \"%2\": expected %3")
                                 .arg(QString::fromUtf8(n), QString::fromUtf8(t))
                                 .arg(expected)));
        positives += expected ? 1 : 0;
    }
    QVERIFY(positives > 1000); // the comparison saw plenty of both answers
    QVERIFY(positives < 3500);
}

QTEST_GUILESS_MAIN(tst_CaseFoldSearch)
#include "tst_casefoldsearch.moc"
