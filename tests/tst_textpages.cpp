// SPDX-License-Identifier: MIT
#include "textpages.h"

#include <QAbstractTextDocumentLayout>
#include <QCoreApplication>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QThread>

class tst_TextPages : public QObject
{
    Q_OBJECT
private slots:
    void splitsLinesAndLongLines();
    void longLinesSplitBetweenCharacters();
    void pagesAreBoundedByLinesAndBytes();
    void pageDocumentHoldsThePage();
    void cutStringsGetALink();
    void emptyText();
    void cancelled();
};

void tst_TextPages::splitsLinesAndLongLines()
{
    const QByteArray longLine(TextPages::MaxLineBytes * 2 + 10, 'x');
    const TextPages pages = TextPages::fromPlain("a\n\nb\n" + longLine + "\nc");
    QCOMPARE(pages.lineCount(), qsizetype(3 + 3 + 1));
    QCOMPARE(pages.linesText(0, 1), QStringLiteral("a"));
    QCOMPARE(pages.linesText(1, 2), QString());
    QCOMPARE(pages.linesText(3, 4).size(), TextPages::MaxLineBytes);
    QCOMPARE(pages.linesText(5, 6).size(), qsizetype(10));
    // Split lines join again; real line breaks stay.
    QCOMPARE(pages.linesText(0, pages.lineCount()), QString::fromLatin1("a\n\nb\n" + longLine + "\nc"));
    QCOMPARE(pages.pageCount(), 1);
}

void tst_TextPages::longLinesSplitBetweenCharacters()
{
    // "é" is two bytes: a split at an odd byte would cut one in half.
    QByteArray text = "x";
    while (text.size() < TextPages::MaxLineBytes * 3)
        text += "\xC3\xA9";
    const TextPages pages = TextPages::fromPlain(text);
    QVERIFY(pages.lineCount() > 1);
    QString joined;
    for (qsizetype i = 0; i < pages.lineCount(); ++i) {
        const QString line = pages.linesText(i, i + 1);
        QVERIFY(!line.contains(QChar::ReplacementCharacter));
        joined += line;
    }
    QCOMPARE(joined, QString::fromUtf8(text));
}

void tst_TextPages::pagesAreBoundedByLinesAndBytes()
{
    QByteArray shortLines;
    for (int i = 0; i < TextPages::PageLines * 2 + 3; ++i)
        shortLines += QByteArray::number(i) + '\n';
    const TextPages byLines = TextPages::fromPlain(shortLines);
    QCOMPARE(byLines.pageCount(), 3);
    QCOMPARE(byLines.pageEndLine(0) - byLines.pageFirstLine(0), qsizetype(TextPages::PageLines));
    QCOMPARE(byLines.pageFirstLine(1), qsizetype(TextPages::PageLines));
    QCOMPARE(byLines.pageEndLine(2), byLines.lineCount());

    const QByteArray wide(TextPages::PageBytes * 3, 'w');
    const TextPages byBytes = TextPages::fromPlain(wide);
    QCOMPARE(byBytes.pageCount(), 3);
    for (int p = 0; p < byBytes.pageCount(); ++p)
        QVERIFY(byBytes.pageText(p).size() <= TextPages::PageBytes);
}

void tst_TextPages::pageDocumentHoldsThePage()
{
    QByteArray text;
    for (int i = 0; i < TextPages::PageLines + 10; ++i)
        text += "line " + QByteArray::number(i) + '\n';
    const TextPages pages = TextPages::fromPlain(text);
    QCOMPARE(pages.pageCount(), 2);
    const auto doc = pages.buildPage(1, QFont(), QThread::currentThread());
    QVERIFY(doc);
    QCOMPARE(doc->blockCount(), 11);
    QCOMPARE(doc->toPlainText(), pages.pageText(1));
    QVERIFY(doc->toPlainText().startsWith(QStringLiteral("line 5000\n")));
    QVERIFY(doc->documentLayout()->inherits("QPlainTextDocumentLayout"));
}

void tst_TextPages::cutStringsGetALink()
{
    const QByteArray json =
        R"({"a":")" + QByteArray(5000, 'a') + R"(","b":[")" + QByteArray(3000, 'b') + R"("]})";
    const TextPages pages = TextPages::fromOutline(JsonPretty::outline(json.toStdString(), 2000, 10));
    QCOMPARE(pages.kind, TextPages::Kind::Json);
    QCOMPARE(pages.cuts.size(), size_t(2));
    const auto doc = pages.buildPage(0, QFont(), QThread::currentThread());
    QStringList hrefs;
    QStringList linkLines;
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().isAnchor()) {
                hrefs << it.fragment().charFormat().anchorHref();
                linkLines << b.text();
            }
    QCOMPARE(hrefs, QStringList({QStringLiteral("cut:0"), QStringLiteral("cut:1")}));
    QVERIFY2(linkLines[0].startsWith(QStringLiteral("  \"a\": \"aaaaaaaaaa…\" show all")),
             qPrintable(linkLines[0]));
    QVERIFY2(linkLines[1].startsWith(QStringLiteral("    \"bbbbbbbbbb…\" show all")),
             qPrintable(linkLines[1]));
    // Colours: "  ", the key, ": ", the string, each a fragment; key and string differ from plain and each
    // other.
    const QTextBlock second = doc->findBlockByNumber(1);
    QList<QTextFragment> fragments;
    for (auto it = second.begin(); !it.atEnd(); ++it)
        fragments << it.fragment();
    QVERIFY(fragments.size() >= 4);
    QCOMPARE(fragments[1].text(), QStringLiteral("\"a\""));
    QCOMPARE(fragments[3].text(), QStringLiteral("\"aaaaaaaaaa…\""));
    QVERIFY(fragments[0].charFormat() == fragments[2].charFormat());
    QVERIFY(fragments[1].charFormat() != fragments[0].charFormat());
    QVERIFY(fragments[3].charFormat() != fragments[0].charFormat());
    QVERIFY(fragments[1].charFormat() != fragments[3].charFormat());
}

void tst_TextPages::emptyText()
{
    const TextPages pages = TextPages::fromPlain(QByteArray());
    QCOMPARE(pages.lineCount(), qsizetype(1));
    QCOMPARE(pages.pageCount(), 1);
    QCOMPARE(pages.pageText(0), QString());
    QVERIFY(pages.buildPage(0, QFont(), nullptr));
    const TextPages json = TextPages::fromOutline(JsonPretty::outline({}, 10, 5));
    QCOMPARE(json.pageCount(), 1);
}

void tst_TextPages::cancelled()
{
    QByteArray text;
    for (int i = 0; i < 100000; ++i)
        text += "line\n";
    std::atomic<bool> cancel{true};
    QVERIFY(!TextPages::fromPlain(text, &cancel).complete);
    const TextPages pages = TextPages::fromPlain(text);
    QVERIFY(!pages.buildPage(0, QFont(), nullptr, &cancel));
}

QTEST_MAIN(tst_TextPages)
#include "tst_textpages.moc"
