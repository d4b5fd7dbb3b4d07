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
};

QTEST_GUILESS_MAIN(tst_JsonWriter)
#include "tst_jsonwriter.moc"
