// SPDX-License-Identifier: MIT
#include "eventdialect.h"
#include "eventsummary.h"
#include "journalindex.h"
#include "journalsimulator.h"
#include "lineparser.h"

#include <QHash>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <simdjson.h>

#include "testjournal.h"

using namespace TestJournal;

namespace {

QString qstr(std::string_view v)
{
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

QString field(simdjson::dom::object o, std::string_view path)
{
    for (;;) {
        const size_t dot = path.find('.');
        if (dot == std::string_view::npos) {
            std::string_view v;
            return o[path].get(v) ? QString() : qstr(v);
        }
        if (o[path.substr(0, dot)].get(o))
            return {};
        path.remove_prefix(dot + 1);
    }
}

QList<QByteArray> journalLines(const QString &dir)
{
    QList<QByteArray> lines;
    const QStringList names =
        QDir(dir).entryList({QStringLiteral("events-*.jsonl")}, QDir::Files, QDir::Name);
    for (const QString &name : names) {
        QFile f(QDir(dir).filePath(name));
        if (!f.open(QIODevice::ReadOnly))
            return {};
        for (const QByteArray &l : f.readAll().split('\n'))
            if (!l.isEmpty())
                lines.append(l);
    }
    return lines;
}

} // namespace

class tst_JournalSimulator : public QObject
{
    Q_OBJECT
private slots:
    void everyTypeRoundTripsInTheServersShape()
    {
        QTemporaryDir dir;
        JournalSimulator sim;
        simulate(sim, dir.path(), 5000);
        const JournalIndex index = JournalIndex::build(dir.path());
        QCOMPARE(index.eventCount(), qint64(5000));
        QCOMPARE(index.malformedCount(), qint64(0));
        // The newer servers' lock file sits beside the journal and is not a journal file.
        QVERIFY(QFile::exists(QDir(dir.path()).filePath(QStringLiteral(".account-journal.lock"))));
        QVERIFY(index.ignoredNames().contains(QStringLiteral(".account-journal.lock")));
        for (qint64 row = 0; row < index.eventCount(); ++row) {
            const EventRecord &r = index.record(row);
            const bool newer = !LineParser::isKnownType(index.types().at(r.type));
            QCOMPARE(int(r.flags), newer ? int(EventRecord::UnknownType) : 0);
        }

        const QList<QByteArray> lines = journalLines(dir.path());
        QCOMPARE(lines.size(), 5000);
        simdjson::dom::parser parser;
        EventSummary decoder;
        QSet<QString> types;
        QHash<QString, int> emptySummaries;
        for (const QByteArray &line : lines) {
            simdjson::dom::object root, event;
            QVERIFY(!parser.parse(line.constData(), size_t(line.size())).get(root));
            QVERIFY(!root["event"].get(event));
            const QString type = field(event, "type");
            types.insert(type);
            const QByteArray typeUtf8 = type.toUtf8();
            const EventDialect::Type *spec = EventDialect::find(typeUtf8.toStdString());
            QVERIFY2(spec, typeUtf8.constData());
            // Exactly the server's shape: nothing missing, nothing of another kind, nothing extra.
            QCOMPARE(EventDialect::check(event), QStringList());
            QCOMPARE(EventDialect::extraFields(event), QStringList());
            // The line's session is the one the event is about (the parent for sub-agents).
            const QString outer = field(root, "session_id");
            QVERIFY(outer.startsWith(QLatin1String("sess-")));
            if (!spec->sessionField.empty())
                QCOMPARE(field(event, spec->sessionField), outer);
            if (decoder.decode(line.toStdString()).summary.isEmpty())
                ++emptySummaries[type];
        }
        for (const std::string_view t : LineParser::knownTypes())
            QVERIFY2(types.contains(qstr(t)), t.data());
        QVERIFY(types.contains(QStringLiteral("workflow_activated")));
        // Only types whose name says it all go without a summary.
        for (auto it = emptySummaries.cbegin(); it != emptySummaries.cend(); ++it)
            QVERIFY2(QStringList({QStringLiteral("session_deleted"), QStringLiteral("session_cleared"),
                                  QStringLiteral("cancelled")})
                         .contains(it.key()),
                     qPrintable(it.key()));
    }

    void flowsFollowEachSessionsLife()
    {
        QTemporaryDir dir;
        JournalSimulator sim;
        simulate(sim, dir.path(), 20000);
        simdjson::dom::parser parser;
        struct Life
        {
            bool created = false;
            bool inRun = false;
            bool deleted = false;
            quint64 titleVersion = 0;
            quint64 progressVersion = 0;
            QString kind;
        };
        QHash<QString, Life> lives;
        QSet<QString> startedChildren, childSessions, completedChildren;
        int runs = 0, manualTitles = 0, projects = 0, clears = 0;
        for (const QByteArray &line : journalLines(dir.path())) {
            simdjson::dom::object root, event;
            QVERIFY(!parser.parse(line.constData(), size_t(line.size())).get(root));
            QVERIFY(!root["event"].get(event));
            const QString type = field(event, "type");
            const QString sid = field(root, "session_id");
            Life &life = lives[sid];
            QVERIFY2(!life.deleted, qPrintable(sid + QStringLiteral(" speaks after its deletion")));
            if (type == QLatin1String("session_created")) {
                QVERIFY(!life.created);
                life.created = true;
                life.kind = field(event, "kind");
                if (life.kind == QLatin1String("child"))
                    childSessions.insert(sid);
                projects += field(event, "project_id").isEmpty() ? 0 : 1;
                continue;
            }
            QVERIFY2(life.created, qPrintable(sid + QStringLiteral(" speaks before it is created: ") + type));
            if (type == QLatin1String("execution_started")) {
                QVERIFY(!life.inRun);
                life.inRun = true;
                ++runs;
            } else if (type == QLatin1String("complete") || type == QLatin1String("cancelled") ||
                       type == QLatin1String("error")) {
                QVERIFY2(life.inRun, qPrintable(sid + QStringLiteral(": a run ends that never started")));
                life.inRun = false;
            } else if (type == QLatin1String("session_title_updated")) {
                uint64_t version = 0;
                QVERIFY(!event["title_version"].get(version));
                QVERIFY(version > life.titleVersion);
                life.titleVersion = version;
                manualTitles += field(event, "source") == QLatin1String("manual") ? 1 : 0;
            } else if (type == QLatin1String("task_list_item_progress")) {
                uint64_t version = 0;
                QVERIFY(!event["version"].get(version));
                QVERIFY(version > life.progressVersion);
                life.progressVersion = version;
            } else if (type == QLatin1String("sub_agent_started")) {
                QVERIFY(life.inRun);
                QCOMPARE(life.kind, QStringLiteral("root"));
                startedChildren.insert(field(event, "child_session_id"));
            } else if (type == QLatin1String("sub_agent_completed")) {
                const QString child = field(event, "child_session_id");
                QVERIFY(startedChildren.contains(child));
                QVERIFY(lives.value(child).created);
                QVERIFY(!lives.value(child).inRun); // the child's run ended before its parent heard of it
                completedChildren.insert(child);
            } else if (type == QLatin1String("session_deleted")) {
                life.deleted = true;
            } else if (type == QLatin1String("session_cleared")) {
                ++clears;
            }
        }
        QVERIFY(runs > 100);
        QVERIFY(manualTitles > 0);
        QVERIFY(projects > 0);
        QVERIFY(clears > 0);
        QVERIFY(!completedChildren.isEmpty());
        QVERIFY(startedChildren.contains(childSessions)); // every child was started by a parent
    }

    void resumesSeqAndPrunes()
    {
        QTemporaryDir dir;
        QString error;
        JournalSimulator::Options options;
        options.rotateThreshold = 4096;
        {
            JournalSimulator sim;
            QVERIFY(sim.open(dir.path(), options, &error));
            for (int i = 0; i < 500; ++i)
                QVERIFY(sim.appendNext(&error));
        }
        options.keepFiles = 3;
        JournalSimulator sim;
        QVERIFY(sim.open(dir.path(), options, &error)); // boot: prune then recover
        QCOMPARE(sim.lastSeq(), quint64(500));
        QVERIFY(sim.prunedFiles() > 0);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 3);
        for (int i = 0; i < 200; ++i)
            QVERIFY(sim.appendNext(&error));
        QVERIFY(QDir(dir.path()).entryList(QDir::Files).size() <= 4);
        const JournalIndex index = JournalIndex::build(dir.path());
        QCOMPARE(index.maxSeq().value(), quint64(700));
    }

    void sessionEventsSetHowManySessions()
    {
        // The average length of a session decides how many there are: about one per 20 events by default,
        // and several times more with --session-events 1 (one long session may not keep new ones out).
        const auto sessionsIn = [](int sessionEvents) {
            QTemporaryDir dir;
            QString error;
            JournalSimulator::Options options;
            options.seed = 7;
            if (sessionEvents > 0)
                options.sessionEvents = sessionEvents;
            JournalSimulator sim;
            if (!sim.open(dir.path(), options, &error))
                return qsizetype(-1);
            for (int i = 0; i < 40000; ++i)
                if (!sim.appendNext(&error))
                    return qsizetype(-1);
            const JournalIndex index = JournalIndex::build(dir.path());
            qsizetype sessions = 0;
            for (qsizetype id = 1; id < index.sessionRows().size(); ++id)
                sessions += index.sessionRows().at(id).isEmpty() ? 0 : 1;
            return sessions;
        };
        const qsizetype usual = sessionsIn(0);
        const qsizetype many = sessionsIn(1);
        QVERIFY2(usual > 40000 / 100 && usual < 40000 / 10, qPrintable(QString::number(usual)));
        QVERIFY2(many > 40000 / 8, qPrintable(QString::number(many)));
        QVERIFY2(many > 3 * usual, qPrintable(QStringLiteral("%1 against %2").arg(many).arg(usual)));
    }

    void deterministicForASeed()
    {
        JournalSimulator a, b;
        for (quint64 s = 1; s <= 50; ++s)
            QCOMPARE(a.makeEvent(s).mid(60), b.makeEvent(s).mid(60));
    }
};

QTEST_GUILESS_MAIN(tst_JournalSimulator)
#include "tst_journalsimulator.moc"
