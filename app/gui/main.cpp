// SPDX-License-Identifier: MIT
// bamboo-journal-browser: argument parsing and wiring for the desktop browser.

#include "bookmarkmodel.h"
#include "contextcontrol.h"
#include "eventtableview.h"
#include "feedendpoint.h"
#include "findbar.h"
#include "findcontroller.h"
#include "journalloader.h"
#include "livefeed.h"
#include "mainwindow.h"
#include "navigator.h"
#include "screenshotwaiter.h"
#include "tablecolumns.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QIcon>
#include <QLineEdit>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>

int main(int argc, char **argv)
{
    // --help and --version print and exit: they need no display, so no window system is connected for them.
    bool textOnly = false;
    for (int i = 1; i < argc && std::strcmp(argv[i], "--") != 0; ++i)
        for (const char *option : {"-h", "--help", "--help-all", "-v", "--version", "-?"})
            textOnly = textOnly || std::strcmp(argv[i], option) == 0;
    const std::unique_ptr<QCoreApplication> app = textOnly ? std::make_unique<QCoreApplication>(argc, argv)
                                                           : std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("bamboo"));
    QCoreApplication::setApplicationName(QStringLiteral("bamboo-journal-browser"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BJB_VERSION));
    if (!textOnly) {
        QGuiApplication::setApplicationDisplayName(QStringLiteral("Bamboo Journal Browser"));
        QGuiApplication::setDesktopFileName(QStringLiteral("org.bamboo.JournalBrowser"));
        QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("bamboo-journal-browser")));
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Browse the bamboo server's change-feed journal."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("dir"),
        QStringLiteral(
            "A bamboo directory or its events directory, or a running server's URL (http(s)://host:port)."),
        QStringLiteral("[DIR|URL]"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral(
            "Load DIR, wait for the index and the summaries of the rows in view, save the window to "
            "FILE and exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption select(
        QStringLiteral("select"),
        QStringLiteral(
            "Once DIR is loaded, select the event with this seq and show its detail (with --screenshot: "
            "before the picture is taken)."),
        QStringLiteral("SEQ"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QStringLiteral("Window size, WIDTHxHEIGHT (default: the last one, else one "
                                                 "that fits the screen)."),
                                  QStringLiteral("WxH"));
    const QCommandLineOption noFollow(QStringLiteral("no-follow"),
                                      QStringLiteral("Start with follow mode off."));
    const QCommandLineOption retention(QStringLiteral("retention"),
                                       QStringLiteral("Show the retention panel."));
    const QCommandLineOption tokenFile(
        QStringLiteral("token-file"),
        QStringLiteral("A remote server's device token and id, one per line (else BAMBOO_DEVICE_TOKEN and "
                       "BAMBOO_DEVICE_ID)."),
        QStringLiteral("FILE"));
    const QCommandLineOption column(
        QStringLiteral("column"),
        QStringLiteral(
            "Show a field column: a header of the event dialect (status, title, tokens, ...) or a path "
            "(event.usage.total_tokens). Repeatable."),
        QStringLiteral("FIELD"));
    const QCommandLineOption filter(QStringLiteral("filter"),
                                    QStringLiteral("Once DIR is loaded, filter by this text in the line."),
                                    QStringLiteral("TEXT"));
    const QCommandLineOption context(
        QStringLiteral("context"),
        QStringLiteral("With --filter, show N events around each match (N:session: of the match's session)."),
        QStringLiteral("N[:session]"));
    const QCommandLineOption find(QStringLiteral("find"),
                                  QStringLiteral("Once DIR is loaded, find this text (without filtering)."),
                                  QStringLiteral("TEXT"));
    const QCommandLineOption bookmark(QStringLiteral("bookmark"),
                                      QStringLiteral("Once DIR is loaded, bookmark the event with this seq "
                                                     "(kept like any bookmark; may be repeated)."),
                                      QStringLiteral("SEQ"));
    const QCommandLineOption bookmarks(QStringLiteral("bookmarks"),
                                       QStringLiteral("Show the Bookmarks panel."));
    parser.addOptions({screenshot, select, size, noFollow, retention, tokenFile, column, filter, context,
                       find, bookmark, bookmarks});
    parser.process(*app);

    MainWindow window;
    const QStringList dims = parser.value(size).split(QLatin1Char('x'));
    if (parser.isSet(size) && dims.size() == 2)
        window.resize(dims[0].toInt(), dims[1].toInt());
    else if (parser.isSet(screenshot)) // a picture for documentation, whatever screen there is (or none)
        window.resize(1500, 850);
    if (parser.isSet(noFollow))
        window.setFollowing(false);
    if (parser.isSet(retention))
        window.showRetention(true);
    const QStringList fields = parser.values(column);
    for (const QString &field : fields) {
        QString error;
        if (FieldColumn::dialectHeaders().contains(field))
            window.columns()->addColumn(FieldColumn::dialect(field));
        else if (!window.columns()->addPathColumn(field, &error)) {
            std::fprintf(stderr, "bamboo-journal-browser: --column: %s\n", qPrintable(error));
            return 2;
        }
    }
    if (parser.isSet(bookmarks))
        window.navigator()->bookmarksDock()->show();
    if (parser.isSet(context)) {
        const QStringList parts = parser.value(context).split(QLatin1Char(':'));
        FilterContext::Options options;
        options.events = parts.value(0).toInt();
        options.scope = parts.value(1) == QLatin1String("session") ? FilterContext::Scope::Session
                                                                   : FilterContext::Scope::Journal;
        if (options.events <= 0 || (parts.size() > 1 && options.scope != FilterContext::Scope::Session)) {
            std::fprintf(stderr, "bamboo-journal-browser: --context needs N or N:session, not \"%s\"\n",
                         qPrintable(parser.value(context)));
            return 2;
        }
        window.navigator()->contextControl()->setOptions(options);
    }
    const QString dir = parser.positionalArguments().value(0);
    if (parser.isSet(tokenFile))
        LiveFeed::setTokenFile(parser.value(tokenFile));
    // A URL is a server's live view, a path a journal directory.
    const auto openArgument = [&window](const QString &arg) {
        return FeedEndpoint::looksLikeUrl(arg) ? window.openUrl(arg) : window.openDirectory(arg);
    };

    std::optional<quint64> selectSeq;
    if (parser.isSet(select)) {
        bool ok = false;
        selectSeq = parser.value(select).toULongLong(&ok);
        if (!ok) {
            std::fprintf(stderr, "bamboo-journal-browser: --select needs a seq, not \"%s\"\n",
                         qPrintable(parser.value(select)));
            return 2;
        }
    }
    QList<quint64> bookmarkSeqs;
    for (const QString &value : parser.values(bookmark)) {
        bool ok = false;
        bookmarkSeqs.append(value.toULongLong(&ok));
        if (!ok) {
            std::fprintf(stderr, "bamboo-journal-browser: --bookmark needs a seq, not \"%s\"\n",
                         qPrintable(value));
            return 2;
        }
    }
    const QString filterText = parser.value(filter);
    const QString findText = parser.value(find);
    // After loading: the bookmarks, the filter (waiting for its rows), the find (waiting for its count); then
    // `done`.
    const auto prepare = [&window, bookmarkSeqs, filterText, findText](std::function<void()> done) {
        for (const quint64 seq : bookmarkSeqs) {
            if (!window.goToSeq(seq))
                continue;
            const int row = window.table()->currentIndex().row();
            if (window.navigator()->bookmarks()->bookmarkOfRow(row) < 0)
                window.navigator()->toggleBookmark();
        }
        if (!bookmarkSeqs.isEmpty())
            window.table()->selectionModel()->clear();
        const auto findStep = [&window, findText, done] {
            if (findText.isEmpty())
                return done();
            FindController *finder = window.navigator()->finder();
            window.navigator()->openFind();
            window.navigator()->findBar()->textField()->setText(findText);
            auto *connection = new QMetaObject::Connection;
            *connection = QObject::connect(finder, &FindController::countChanged, &window, [=] {
                if (!finder->isComplete() || finder->query().text != findText)
                    return;
                QObject::disconnect(*connection);
                delete connection;
                done();
            });
        };
        if (filterText.isEmpty())
            return findStep();
        QObject::connect(window.loader(), &JournalLoader::filterFinished, &window, findStep,
                         Qt::SingleShotConnection);
        window.findChild<QLineEdit *>(QStringLiteral("filterText"))->setText(filterText);
    };
    // False when the seq is not in the journal.
    const auto selectRequested = [&window, selectSeq] {
        if (!selectSeq || window.goToSeq(*selectSeq))
            return true;
        std::fprintf(stderr, "bamboo-journal-browser: seq %llu is not in the journal\n",
                     static_cast<unsigned long long>(*selectSeq));
        return false;
    };

    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        window.show();
        const auto shoot = [&window, file] {
            // The picture waits for what it shows: the rows' summaries and the selected event.
            auto *waiter = new ScreenshotWaiter(window.table(), window.model(), window.detail(), &window);
            QObject::connect(
                waiter, &ScreenshotWaiter::ready, &window, [&window, waiter, file](bool complete) {
                    if (!complete)
                        std::fprintf(
                            stderr,
                            "bamboo-journal-browser: %d summaries in view or the selected event still not "
                            "read after 30 s; saving the window as it is\n",
                            waiter->pendingSummaries());
                    const bool ok = window.grab().save(file);
                    if (!ok)
                        std::fprintf(stderr, "bamboo-journal-browser: cannot write %s\n", qPrintable(file));
                    QApplication::exit(ok ? 0 : 3);
                });
            waiter->start();
        };
        if (dir.isEmpty() || !openArgument(dir)) {
            if (selectSeq) {
                std::fprintf(stderr, "bamboo-journal-browser: --select needs a journal to select in\n");
                return 4;
            }
            shoot();
        } else {
            QObject::connect(
                &window, &MainWindow::loaded, &window,
                [prepare, selectRequested, shoot] {
                    prepare([selectRequested, shoot] {
                        if (selectRequested())
                            shoot();
                        else
                            QApplication::exit(4);
                    });
                },
                Qt::SingleShotConnection);
        }
        return QApplication::exec();
    }

    QObject::connect(
        &window, &MainWindow::loaded, &window,
        [prepare, selectRequested] { prepare([selectRequested] { selectRequested(); }); },
        Qt::SingleShotConnection);
    window.show();
    if (!dir.isEmpty())
        openArgument(dir);
    return QApplication::exec();
}
