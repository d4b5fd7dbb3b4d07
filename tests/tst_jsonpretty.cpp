// SPDX-License-Identifier: MIT
#include "jsonpretty.h"

#include <QTest>

class tst_JsonPretty : public QObject
{
    Q_OBJECT
private slots:
    void keepsOrderNumbersAndEscapes()
    {
        const QByteArray in =
            R"({"seq":18446744073709551615,"event":{"type":"x","a":[1,2.50,{}],"s":"q\"{,}:[\\","e":[]}})";
        const QByteArray expected = "{\n"
                                    "  \"seq\": 18446744073709551615,\n"
                                    "  \"event\": {\n"
                                    "    \"type\": \"x\",\n"
                                    "    \"a\": [\n"
                                    "      1,\n"
                                    "      2.50,\n"
                                    "      {}\n"
                                    "    ],\n"
                                    "    \"s\": \"q\\\"{,}:[\\\\\",\n"
                                    "    \"e\": []\n"
                                    "  }\n"
                                    "}";
        QCOMPARE(JsonPretty::format(in.toStdString()), expected);
    }

    void survivesGarbage()
    {
        QCOMPARE(JsonPretty::format("}}]]"), QByteArray("\n}\n}\n]\n]"));
        QCOMPARE(JsonPretty::format("\"unterminated"), QByteArray("\"unterminated"));
        QCOMPARE(JsonPretty::format(""), QByteArray());
    }
};

QTEST_GUILESS_MAIN(tst_JsonPretty)
#include "tst_jsonpretty.moc"
