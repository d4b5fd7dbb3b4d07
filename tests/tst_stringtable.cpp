// SPDX-License-Identifier: MIT
#include "stringtable.h"

#include <QTest>

class tst_StringTable : public QObject
{
    Q_OBJECT
private slots:
    void internIsStable()
    {
        StringTable t;
        QCOMPARE(t.intern(""), quint32(0));
        const quint32 a = t.intern("sess-a");
        const quint32 b = t.intern("sess-b");
        QVERIFY(a != b);
        QCOMPARE(t.intern("sess-a"), a);
        QCOMPARE(t.find("sess-b"), qint64(b));
        QCOMPARE(t.find("missing"), qint64(-1));
        QCOMPARE(t.text(a), QStringLiteral("sess-a"));
    }

    void growsAndKeepsIds()
    {
        StringTable t;
        for (int i = 0; i < 10000; ++i)
            QCOMPARE(t.intern(std::to_string(i)), quint32(i + 1));
        for (int i = 0; i < 10000; ++i)
            QCOMPARE(t.find(std::to_string(i)), qint64(i + 1));
        QCOMPARE(t.size(), quint32(10001));
    }

    void bytesNotText()
    {
        StringTable t;
        const quint32 id = t.intern(std::string_view("a\0b", 3));
        QCOMPARE(t.at(id).size(), size_t(3));
        QCOMPARE(t.find(std::string_view("a", 1)), qint64(-1));
    }
};

QTEST_GUILESS_MAIN(tst_StringTable)
#include "tst_stringtable.moc"
