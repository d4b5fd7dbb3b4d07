// SPDX-License-Identifier: MIT
#include "bookmarkspanel.h"

#include "bookmarkmodel.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QStyledItemDelegate>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace {

// Bookmarks whose event was pruned or is gone are greyed; the name is edited in place.
class BookmarkDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const auto state = BookmarkModel::State(index.data(BookmarkModel::StateRole).toInt());
        if (state == BookmarkModel::State::Pruned || state == BookmarkModel::State::Gone) {
            option->palette.setColor(QPalette::Text, QColor(0x90, 0x90, 0x90));
            option->font.setItalic(true);
        }
    }
};

} // namespace

BookmarksPanel::BookmarksPanel(BookmarkModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_view(new QTreeView(this))
    , m_rename(new QToolButton(this))
    , m_remove(new QToolButton(this))
    , m_export(new QToolButton(this))
    , m_import(new QToolButton(this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("bookmarksPanel"));
    m_view->setObjectName(QStringLiteral("bookmarks"));
    m_view->setAccessibleName(tr("Bookmarks"));
    m_view->setModel(model);
    m_view->setItemDelegate(new BookmarkDelegate(m_view));
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(false);
    for (const int column : {BookmarkModel::SeqColumn, BookmarkModel::TimeColumn, BookmarkModel::StateColumn})
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(BookmarkModel::SummaryColumn, QHeaderView::Stretch);
    header->resizeSection(BookmarkModel::NameColumn,
                          header->fontMetrics().horizontalAdvance(QStringLiteral("a name of some length")));
    // Why an event is not in the table (pruned, hidden) next to its seq, where a narrow panel still shows it.
    header->moveSection(header->visualIndex(BookmarkModel::StateColumn), 1);
    m_view->installEventFilter(this);
    m_rename->setText(tr("Rename"));
    m_rename->setObjectName(QStringLiteral("bookmarkRename"));
    m_rename->setToolTip(tr("Name the selected bookmark (F2)"));
    m_remove->setText(tr("Remove"));
    m_remove->setObjectName(QStringLiteral("bookmarkRemove"));
    m_remove->setToolTip(tr("Remove the selected bookmark (Delete)"));
    m_export->setText(tr("Export…"));
    m_export->setObjectName(QStringLiteral("bookmarkExport"));
    m_export->setToolTip(tr("Write this journal's bookmarks to a JSON file"));
    m_import->setText(tr("Import…"));
    m_import->setObjectName(QStringLiteral("bookmarkImport"));
    m_import->setToolTip(tr("Add the bookmarks of a JSON file"));
    m_message->setObjectName(QStringLiteral("bookmarkMessage"));
    m_message->setWordWrap(true);
    m_message->hide();

    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(4);
    for (QToolButton *b : {m_rename, m_remove, m_export, m_import})
        buttons->addWidget(b);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buttons);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_message);

    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex &index) {
        if (index.isValid())
            Q_EMIT bookmarkActivated(index.row());
    });
    connect(m_view, &QTreeView::clicked, this, [this](const QModelIndex &index) {
        if (index.isValid())
            Q_EMIT bookmarkActivated(index.row());
    });
    connect(m_rename, &QToolButton::clicked, this, &BookmarksPanel::renameCurrent);
    connect(m_remove, &QToolButton::clicked, this, &BookmarksPanel::removeCurrent);
    connect(m_export, &QToolButton::clicked, this, &BookmarksPanel::askExport);
    connect(m_import, &QToolButton::clicked, this, &BookmarksPanel::askImport);
    connect(model, &QAbstractItemModel::modelReset, this, &BookmarksPanel::updateButtons);
    connect(model, &QAbstractItemModel::rowsInserted, this, &BookmarksPanel::updateButtons);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &BookmarksPanel::updateButtons);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &BookmarksPanel::updateButtons);
    connect(model, &BookmarkModel::saveFailed, this, [this](const QString &error) {
        m_message->setText(tr("Bookmarks not saved: %1").arg(error));
        m_message->show();
    });
    updateButtons();
}

void BookmarksPanel::askExport()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Bookmarks"),
                                                      QStringLiteral("bookmarks.json"), tr("JSON (*.json)"));
    if (!path.isEmpty())
        exportTo(path);
}

void BookmarksPanel::askImport()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Import Bookmarks"), QString(), tr("JSON (*.json);;All (*)"));
    if (!path.isEmpty())
        importFrom(path);
}

int BookmarksPanel::currentBookmark() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void BookmarksPanel::updateButtons()
{
    const bool any = currentBookmark() >= 0;
    m_rename->setEnabled(any);
    m_remove->setEnabled(any);
    m_export->setEnabled(m_model->rowCount() > 0);
    m_import->setEnabled(!m_model->journalKey().isEmpty());
}

void BookmarksPanel::renameCurrent()
{
    const int i = currentBookmark();
    if (i < 0)
        return;
    const QModelIndex name = m_model->index(i, BookmarkModel::NameColumn);
    m_view->setCurrentIndex(name);
    m_view->edit(name);
}

void BookmarksPanel::removeCurrent()
{
    m_model->remove(currentBookmark());
}

bool BookmarksPanel::exportTo(const QString &path)
{
    QString error;
    const bool ok = m_model->exportTo(path, &error);
    m_message->setText(ok ? tr("%n bookmark(s) written to %1", nullptr, m_model->rowCount()).arg(path)
                          : tr("Export failed: %1: %2").arg(path, error));
    m_message->show();
    return ok;
}

bool BookmarksPanel::importFrom(const QString &path)
{
    QString error;
    const int added = m_model->importFrom(path, &error);
    m_message->setText(added >= 0 ? tr("%n bookmark(s) added from %1", nullptr, added).arg(path)
                                  : tr("Import failed: %1: %2").arg(path, error));
    m_message->show();
    return added >= 0;
}

QString BookmarksPanel::messageText() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

bool BookmarksPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress) { // an open editor gets its own keys
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Delete || key == Qt::Key_Backspace) {
            removeCurrent();
            return true;
        }
        if (key == Qt::Key_F2) {
            renameCurrent();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}
