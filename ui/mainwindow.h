// SPDX-License-Identifier: MIT
#pragma once

#include <QMainWindow>
#include <QTimer>

class DetailPane;
class EventTableModel;
class FilterBar;
class JournalLoader;
class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTableView;
class QToolButton;
class RetentionPanel;
class SessionsPanel;
class TimelineWidget;

// The browser's window: the event table with its filter bar, the sessions sidebar, the detail pane, and a
// status bar with the retained window (events, files, oldest and newest seq), malformed lines, follow state
// and load progress. Follow mode (F) keeps the newest row in view; scrolling up pauses it and counts what
// arrives meanwhile.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens a bamboo directory or its events directory; errors show in the window.
    bool openDirectory(const QString &path);
    void setFollowing(bool follow);
    bool isFollowing() const { return m_following; }
    bool goToSeq(quint64 seq);
    // Opens the doctor's findings for the current directory (computed on a worker).
    void openDoctor();
    void showRetention(bool show);
    // The export dialog, prefilled from the current filter (or the selected row).
    void openExport();

    EventTableModel *model() const { return m_model; }
    JournalLoader *loader() const { return m_loader; }
    QTableView *table() const { return m_table; }
    DetailPane *detail() const { return m_detail; }
    FilterBar *filterBar() const { return m_filterBar; }
    TimelineWidget *timeline() const { return m_timeline; }
    RetentionPanel *retention() const { return m_retention; }
    QString noticeText() const;

Q_SIGNALS:
    // The first full index of the opened directory is in the table.
    void loaded();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void openDialog();
    void promptGoToSeq();
    void showNotice(const QString &text, bool error = false);
    void updateStatus();
    void updateRecentMenu();
    void addRecent(const QString &dir);
    void selectionChanged();
    void rowsArrived(const QModelIndex &parent, int first, int last);
    void scrolled(int value);
    void refreshSidebar();
    void updateViewport();
    void jumpToTime(qint64 nanos);
    void restoreSettings();
    void saveSettings();

    EventTableModel *m_model;
    JournalLoader *m_loader;
    QTableView *m_table;
    FilterBar *m_filterBar;
    SessionsPanel *m_sessions;
    TimelineWidget *m_timeline;
    RetentionPanel *m_retention = nullptr;
    DetailPane *m_detail;
    QSplitter *m_splitter;
    QLabel *m_notice;
    QLabel *m_statusEvents;
    QLabel *m_statusWindow;
    QLabel *m_statusMalformed;
    QToolButton *m_followButton;
    QPushButton *m_newEvents;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QMenu *m_recentMenu = nullptr;
    QAction *m_followAction = nullptr;
    QAction *m_utcAction = nullptr;
    QTimer m_sidebarTimer;
    bool m_following = true;
    bool m_autoScrolling = false;
    qint64 m_unseen = 0;
    bool m_filtering = false;
};
