// SPDX-License-Identifier: MIT
#include "jsonwriter.h"

#include <QJsonDocument>
#include <QTest>

class tst_JsonWriter : public QObject
{
    Q_OBJECT
private slots:
    void writesExactIntegersAndEscapes()
    {
        JsonWriter j;
        j.beginObject()
            .key("max")
            .value(quint64(18446744073709551615ULL))
            .key("neg")
            .value(qint64(-5))
            .key("none")
            .value(std::optional<quint64>())
            .key("s")
            .value(QStringLiteral("a\"b\\c\n\x01é"))
            .key("list")
            .beginArray()
            .value(true)
            .null()
            .beginObject()
            .endObject()
            .endArray()
            .key("empty")
            .stringOrNull(QString())
            .endObject();
        QCOMPARE(j.data(), QByteArray("{\"max\":18446744073709551615,\"neg\":-5,\"none\":null,\"s\":"
                                      "\"a\\\"b\\\\c\\n\\u0001\xc3\xa9\","
                                      "\"list\":[true,null,{}],\"empty\":null}"));
        QJsonParseError error;
        QJsonDocument::fromJson(j.data(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
    }

    void keepsEveryCharacterOfANameValid()
    {
        // Three- and four-byte UTF-8, and the lone surrogate that stands for a file name byte that is not
        // UTF-8: the output stays valid UTF-8 and says which byte it was.
        QString text = QString::fromUtf8("\xe6\x97\xa5 \xf0\x9f\x99\x82 ");
        text += QChar(char16_t(0xdce9));
        QCOMPARE(JsonWriter::quote(text), QByteArray("\"\xe6\x97\xa5 \xf0\x9f\x99\x82 \\udce9\""));
        QString reversed; // a low surrogate before a high one is two lone surrogates
        reversed += QChar(char16_t(0xde42));
        reversed += QChar(char16_t(0xd83d));
        QCOMPARE(JsonWriter::quote(reversed), QByteArray("\"\\ude42\\ud83d\""));
        QCOMPARE(JsonWriter::quote(QString::fromUtf8("\x7f\xc2\x80")), QByteArray("\"\x7f\xc2\x80\""));
    }
};

QTEST_GUILESS_MAIN(tst_JsonWriter)
#include "tst_jsonwriter.moc"
