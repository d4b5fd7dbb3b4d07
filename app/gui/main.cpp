// SPDX-License-Identifier: MIT
// bamboo-journal-browser: argument parsing and wiring for the desktop browser.

#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>

#include <cstdio>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("bamboo"));
    QApplication::setApplicationName(QStringLiteral("bamboo-journal-browser"));
    QApplication::setApplicationDisplayName(QStringLiteral("Bamboo Journal Browser"));
    QApplication::setApplicationVersion(QStringLiteral(BJB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.bamboo.JournalBrowser"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("bamboo-journal-browser")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Browse the bamboo server's change-feed journal."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("dir"),
                                 QStringLiteral("A bamboo directory or its events directory."),
                                 QStringLiteral("[DIR]"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Load DIR, wait for the index, save the window to FILE and exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Window size, WIDTHxHEIGHT."),
                                  QStringLiteral("WxH"), QStringLiteral("1500x850"));
    const QCommandLineOption noFollow(QStringLiteral("no-follow"),
                                      QStringLiteral("Start with follow mode off."));
    const QCommandLineOption retention(QStringLiteral("retention"),
                                       QStringLiteral("Show the retention panel."));
    parser.addOptions({screenshot, size, noFollow, retention});
    parser.process(app);

    MainWindow window;
    const QStringList dims = parser.value(size).split(QLatin1Char('x'));
    if (dims.size() == 2)
        window.resize(dims[0].toInt(), dims[1].toInt());
    if (parser.isSet(noFollow))
        window.setFollowing(false);
    if (parser.isSet(retention))
        window.showRetention(true);
    const QString dir = parser.positionalArguments().value(0);

    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        window.show();
        const auto shoot = [&window, file] {
            // Let the summaries for the visible rows arrive before the picture is taken.
            QTimer::singleShot(400, &window, [&window, file] {
                const bool ok = window.grab().save(file);
                if (!ok)
                    std::fprintf(stderr, "bamboo-journal-browser: cannot write %s\n", qPrintable(file));
                QApplication::exit(ok ? 0 : 3);
            });
        };
        if (dir.isEmpty() || !window.openDirectory(dir))
            shoot();
        else
            QObject::connect(&window, &MainWindow::loaded, &window, shoot);
        return QApplication::exec();
    }

    window.show();
    if (!dir.isEmpty())
        window.openDirectory(dir);
    return QApplication::exec();
}
